import type { Knex } from 'knex';
import type { Channel } from '../channels/channel.ts';
import { PREPARED } from '../db/knex.ts';

// A contact is a person; what a channel knows them by (wa_id, IGSID, PSID) is one of their
// identities. Every writer that meets a customer (webhooks, campaign sends, replies) goes
// through ensureIdentities, which creates the identity and, for a new one, its person. Names only
// fill in: a profile name given later updates the identity, and the person's name only while it
// has none (someone may have renamed them).

export interface IdentityInput {
  workspaceId: string;
  channel: Channel;
  externalId: string;
  profileName: string | null;
  /** WhatsApp's business-scoped user id, when Meta sent one. */
  bsuid?: string | null;
}

export const identityKey = (workspaceId: string, channel: string, externalId: string) => `${workspaceId}|${channel}|${externalId}`;

/**
 * Creates the identities (and their people) that do not exist yet, updates changed names, and
 * answers every identity's id by identityKey. Sorted, so two batches that share customers lock
 * them in the same order. One statement: the ids of rows it did not write come from its snapshot;
 * one created meanwhile by another transaction is not in it, and is read by a second statement.
 * `ids: false` skips reading them (a campaign batch joins the identities in its next statement).
 */
export async function ensureIdentities(trx: Knex, inputs: IdentityInput[], opts: { ids?: boolean } = {}): Promise<Map<string, string>> {
  if (!inputs.length) return new Map();
  const unique = new Map(inputs.map((i) => [identityKey(i.workspaceId, i.channel, i.externalId), i]));
  const rows = [...unique.values()];
  const { rows: found } = await trx.raw(
    `with x as (
       select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) as x(workspace_id, channel, external_id, profile_name, bsuid)
        order by workspace_id, channel, external_id),
     upserted as (
       insert into contact_identities as k (workspace_id, channel, external_id, profile_name, bsuid)
       select workspace_id, channel, external_id, profile_name, bsuid from x
       on conflict (workspace_id, channel, external_id) do update
         set profile_name = coalesce(excluded.profile_name, k.profile_name), bsuid = coalesce(excluded.bsuid, k.bsuid), updated_at = now()
         where (excluded.profile_name is not null and excluded.profile_name is distinct from k.profile_name)
            or (excluded.bsuid is not null and excluded.bsuid is distinct from k.bsuid)
       returning k.id, k.contact_id, k.workspace_id, k.channel, k.external_id, k.profile_name, (xmax = 0) as created),
     people as (
       insert into contacts (id, workspace_id, name)
       select contact_id, workspace_id, profile_name from upserted where created
       returning 1),
     named as (
       update contacts p set name = u.profile_name, updated_at = now()
         from upserted u
        where not u.created and p.id = u.contact_id and p.name is null
       returning 1)
     ${opts.ids === false ? 'select count(*) from people' : IDS_OF_ROWS}`,
    [rows.map((r) => r.workspaceId), rows.map((r) => r.channel), rows.map((r) => r.externalId), rows.map((r) => r.profileName), rows.map((r) => r.bsuid ?? null)] as Knex.RawBinding[],
  ).options(PREPARED);
  if (opts.ids === false) return new Map();
  const ids = new Map((found as IdentityRow[]).map((r) => [identityKey(r.workspace_id, r.channel, r.external_id), r.id]));
  const missing = rows.filter((r) => !ids.has(identityKey(r.workspaceId, r.channel, r.externalId)));
  for (const [key, id] of await identityIds(trx, missing)) ids.set(key, id);
  return ids;
}

/** The ids of the rows the statement wrote, then of those its snapshot already held. */
const IDS_OF_ROWS = `
     select id, workspace_id, channel, external_id from upserted
     union all
     select k.id, k.workspace_id, k.channel, k.external_id
       from x join contact_identities k using (workspace_id, channel, external_id)
      where not exists (select 1 from upserted u where u.id = k.id)`;

interface IdentityRow {
  id: string;
  workspace_id: string;
  channel: string;
  external_id: string;
}

/** The identity ids of `inputs`, by identityKey. */
async function identityIds(trx: Knex, inputs: Array<Pick<IdentityInput, 'workspaceId' | 'channel' | 'externalId'>>): Promise<Map<string, string>> {
  if (!inputs.length) return new Map();
  const { rows } = await trx.raw(
    `select k.id, k.workspace_id, k.channel, k.external_id
       from unnest(?::uuid[], ?::text[], ?::text[]) as x(workspace_id, channel, external_id)
       join contact_identities k using (workspace_id, channel, external_id)`,
    [inputs.map((r) => r.workspaceId), inputs.map((r) => r.channel), inputs.map((r) => r.externalId)] as Knex.RawBinding[],
  );
  return new Map((rows as IdentityRow[]).map((r) => [identityKey(r.workspace_id, r.channel, r.external_id), r.id]));
}
