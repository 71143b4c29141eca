import type { Knex } from 'knex';
import { PREPARED } from '../db/knex.ts';
import type { ChannelStatus, ChannelWatermark } from '../channels/channel.ts';
import { CAMPAIGN_COUNTS_CTES } from '../campaigns/queries.ts';
import type { AccountRef, IngestResult } from './ingest.ts';
import { bestStatusOf, STATUS_RANK } from './status.ts';

// Statuses of outbound messages, applied monotonically with their history kept in
// message_status_logs, whatever their order and however often Meta repeats them. A status may
// come before its send is recorded (Meta answers within milliseconds): it is logged unapplied and
// applied when the send is recorded, or by the sweep.

export async function recordStatuses(trx: Knex, accounts: Map<string, AccountRef>, statuses: ChannelStatus[], result: IngestResult): Promise<void> {
  if (!statuses.length) return;
  const unique = new Map(statuses.map((s) => [`${s.externalId}|${s.status}`, s]));
  const rows = [...unique.values()];
  const { rows: [r] } = await trx.raw(LOG_AND_APPLY_STATUSES, [
    rows.map((s) => accounts.get(`${s.channel}:${s.accountId}`)!.workspace_id),
    rows.map((s) => s.externalId),
    rows.map((s) => s.status),
    rows.map((s) => s.errorCode),
    rows.map((s) => s.errorTitle),
    rows.map((s) => s.timestamp),
  ] as Knex.RawBinding[]).options(PREPARED);
  if (!r.logged) return; // a replay: nothing new
  for (const workspaceId of new Set(rows.map((s) => accounts.get(`${s.channel}:${s.accountId}`)!.workspace_id))) {
    result.events.push({ type: 'message.status', workspaceId });
    // A status moved a campaign contact: the campaign's stats changed.
    if (r.contacts) result.events.push({ type: 'campaign.changed', workspaceId, campaignId: null, action: 'update' });
  }
}

// Statuses only ever move up (failed outranks all), so applying the best of the statuses logged
// now is the same as applying the best of all logged so far: earlier ones were applied when they
// came, or are still unapplied and left to applyLoggedStatuses. Inbox messages and campaign
// contacts both carry (message id, status, status_rank, ...): one rule for both tables (a campaign send
// is a row in each).
const moveUp = (table: 'messages' | 'campaign_contacts', idColumn: 'external_id' | 'wamid') => `
    update ${table} m
       set status = b.status, status_rank = b.rank, status_at = b.status_at,
           error_code = coalesce(b.error_code, m.error_code), error_title = coalesce(b.error_title, m.error_title)
      from best b
     where m.${idColumn} = b.external_id and m.status_rank < b.rank`;

/** Follows a CTE `statuses` of (external_id, status, error_code, error_title, status_at[, applied]). */
const applyBest = (which = '') => `
  best as (${bestStatusOf(`statuses ${which}`)}),
  moved_messages as (${moveUp('messages', 'external_id')}
    returning 1),
  moved_contacts as (${moveUp('campaign_contacts', 'wamid')}
    returning m.campaign_id, m.status),
  ${CAMPAIGN_COUNTS_CTES}`;

const MOVED_COUNTS = '(select count(*) from moved_messages)::int as messages, (select count(*) from moved_contacts)::int as contacts';

/** SQL: whether the send that got `id` is recorded, as an inbox message or a campaign contact. */
const isRecorded = (id: string) =>
  `(exists (select 1 from messages m where m.external_id = ${id}) or exists (select 1 from campaign_contacts c where c.wamid = ${id}))`;

/**
 * One statement per webhook batch: log each new (message id, status) (a replayed one is skipped), and
 * apply those whose message or campaign contact is already recorded; the rest stay unapplied.
 */
const LOG_AND_APPLY_STATUSES = `
  with statuses as (
    insert into message_status_logs (workspace_id, external_id, status, error_code, error_title, status_at, applied)
    select x.*, ${isRecorded('x.external_id')}
      from unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::text[], ?::timestamptz[])
           as x(workspace_id, external_id, status, error_code, error_title, status_at)
    on conflict (external_id, status) do nothing
    returning external_id, status, error_code, error_title, status_at, applied),
  ${applyBest('where applied')}
  select (select count(*) from statuses)::int as logged, ${MOVED_COUNTS}`;

/** Marks the unapplied logs `which` selects applied and applies them, in one statement. */
async function applyUnapplied(db: Knex, which: string, bindings: Knex.RawBinding[]): Promise<{ messages: number; contacts: number; workspaces: string[] }> {
  const { rows } = await db.raw(
    `with statuses as (
       update message_status_logs l set applied = true where not l.applied and ${which}
       returning l.external_id, l.status, l.error_code, l.error_title, l.status_at, l.workspace_id),
     ${applyBest()}
     select ${MOVED_COUNTS}, coalesce((select array_agg(distinct workspace_id) from statuses), '{}') as workspaces`,
    bindings,
  ).options(PREPARED);
  return { messages: rows[0].messages, contacts: rows[0].contacts, workspaces: rows[0].workspaces };
}

/**
 * Applies the statuses logged before their message or campaign contact was recorded and marks them
 * applied: for outbound messages and campaign contacts that just got their id (the webhook may
 * beat the send's record). Reads only unapplied logs (a partial index).
 */
export async function applyLoggedStatuses(trx: Knex, externalIds: string[]): Promise<{ messages: number; contacts: number }> {
  if (!externalIds.length) return { messages: 0, contacts: 0 };
  const { messages, contacts } = await applyUnapplied(trx, `l.external_id = any(?::text[]) and ${isRecorded('l.external_id')}`, [externalIds]);
  return { messages, contacts };
}

/**
 * A status logged while the send that produced its id was still being recorded (two
 * transactions, neither seeing the other) stays unapplied. At Meta's ceiling that is hundreds a
 * second (a webhook batch's statement runs for tens of ms while sends are recorded), so this
 * sweep, run every second, applies up to `limit` of them oldest first in one statement, once they
 * are 2 s old.
 */
export function applyStrandedStatuses(db: Knex, limit = 5000): Promise<{ messages: number; contacts: number; workspaces: string[] }> {
  return applyUnapplied(
    db,
    `l.id in (
       select u.id from message_status_logs u
        -- younger ones are mostly waiting for their send's record, which applies them itself
        where not u.applied and u.received_at between now() - interval '1 day' and now() - interval '2 seconds'
          and ${isRecorded('u.external_id')}
        order by u.id limit ?)`,
    [limit],
  );
}

/**
 * Messenger's receipts by watermark: every outbound message to that customer from that Page sent
 * up to the watermark is delivered (or read). Not logged: a watermark is not about one message.
 */
export async function applyWatermarks(trx: Knex, accounts: Map<string, AccountRef>, watermarks: ChannelWatermark[], result: IngestResult): Promise<void> {
  if (!watermarks.length) return;
  const { rows } = await trx.raw(
    `update messages m set status = x.status, status_rank = parley_status_rank(x.status), status_at = x.watermark
       from (select distinct on (account_id, customer_id, status) * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[])
               as x(workspace_id, account_id, customer_id, status, watermark) order by account_id, customer_id, status, watermark desc) x
       join contact_identities k on k.workspace_id = x.workspace_id and k.channel = 'messenger' and k.external_id = x.customer_id
      where m.account_id = x.account_id and m.identity_id = k.id and m.direction = 'outbound' and m.sent_at <= x.watermark
        and m.status_rank between ${STATUS_RANK.sent} and parley_status_rank(x.status) - 1
      returning m.workspace_id`,
    [watermarks.map((w) => accounts.get(`${w.channel}:${w.accountId}`)!.workspace_id), watermarks.map((w) => accounts.get(`${w.channel}:${w.accountId}`)!.id),
      watermarks.map((w) => w.customerId), watermarks.map((w) => w.status), watermarks.map((w) => w.watermark)] as Knex.RawBinding[],
  ).options(PREPARED);
  for (const workspaceId of new Set((rows as Array<{ workspace_id: string }>).map((r) => r.workspace_id))) result.events.push({ type: 'message.status', workspaceId });
}
