import type { Knex } from 'knex';
import type { ChannelEvents } from '../channels/channel.ts';
import { PREPARED } from '../db/knex.ts';
import type { DomainEvent } from '../events/types.ts';
import { applyEdits, applyReactions, recordMessages } from './inbound.ts';
import { applyWatermarks, recordStatuses } from './statuses.ts';

// The inbox's side of the webhook processor: channel events (channels/<name>/ parsed the wire
// format) are written for the accounts connected here, in a few set-based statements per batch
// (never a query per message). Events for accounts not connected here are counted and dropped.

export interface AccountRef {
  id: string;
  workspace_id: string;
  channel: string;
  external_id: string;
  is_sandbox: boolean;
}

export interface IngestResult {
  /** What changed, for the subscribers once the transaction commits. */
  events: DomainEvent[];
  /** `channel:id` of accounts that are not connected here. */
  unknownAccounts: Set<string>;
  /** Messages stored by this batch (not those it repeated), by their id at the channel. */
  stored: Map<string, { id: string; conversationId: string }>;
}

export const emptyIngest = (): IngestResult => ({ events: [], unknownAccounts: new Set(), stored: new Map() });

/** Live accounts by `channel:external id`. */
async function loadAccounts(trx: Knex, keys: string[]): Promise<Map<string, AccountRef>> {
  const unique = [...new Set(keys)];
  if (!unique.length) return new Map();
  const pairs = unique.map((k) => k.split(/:(.*)/s).slice(0, 2) as [string, string]);
  const { rows }: { rows: AccountRef[] } = await trx
    .raw(
      `select a.id, a.workspace_id, a.channel, a.external_id, a.is_sandbox
         from unnest(?::text[], ?::text[]) as x(channel, external_id)
         join channel_accounts a on a.channel = x.channel and a.external_id = x.external_id and a.deleted_at is null`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    )
    .options(PREPARED);
  return new Map(rows.map((r) => [`${r.channel}:${r.external_id}`, r]));
}

export async function ingestEvents(trx: Knex, events: Omit<ChannelEvents, 'templateEvents' | 'ignored'>): Promise<IngestResult> {
  const result = emptyIngest();
  const all = [...events.messages, ...events.statuses, ...events.watermarks, ...events.reactions, ...events.edits];
  const accounts = await loadAccounts(trx, all.map((e) => `${e.channel}:${e.accountId}`));
  const known = <T extends { channel: string; accountId: string }>(xs: T[]) =>
    xs.filter((x) => accounts.has(`${x.channel}:${x.accountId}`) || (result.unknownAccounts.add(`${x.channel}:${x.accountId}`), false));
  await recordMessages(trx, accounts, known(events.messages), result);
  await applyReactions(trx, accounts, known(events.reactions), result);
  await applyEdits(trx, accounts, known(events.edits), result);
  await recordStatuses(trx, accounts, known(events.statuses), result);
  await applyWatermarks(trx, accounts, known(events.watermarks), result);
  return result;
}
