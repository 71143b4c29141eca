import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { noEvents, type ChannelEvents } from '../channels/channel.ts';
import { emptyIngest, ingestEvents, type IngestResult } from '../inbox/ingest.ts';
import { notify } from '../notifications/service.ts';
import { applyTemplateWebhooks } from '../templates/sync.ts';
import { eventsOf, type Applied } from './processor.ts';
import { insertParkedItems, lockDueEvents, markEventsDone, type ParkedItem } from './queries.ts';

// The last resort for an event that failed on its own: each message, status and template update
// is applied in its own savepoint, and one that still fails is parked (webhook_parked_items)
// with its error, so one bad message never holds back the others of its POST. Only used after a
// failure, so the savepoint per item costs nothing on the normal path.

interface Item {
  kind: ParkedItem['kind'];
  value: unknown;
  apply: (sp: Knex, into: Applied) => Promise<void>;
}

/**
 * Applies event `id` item by item and marks it done. Throws (the event is then retried with
 * backoff) on a transient fault, or when every item fails: then the fault is more likely ours or
 * the database's than the items', and parking them all would lose the event.
 */
export async function applyItemByItem(ctx: AppContext, id: string): Promise<Applied | null> {
  const parked: ParkedItem[] = [];
  const result = await ctx.db.transaction(async (trx) => {
    const [event] = await lockDueEvents(trx, 1, id);
    if (!event) return null;
    const applied: Applied = { inbox: emptyIngest(), templateWorkspaces: new Set() };
    const items = itemsOf(ctx, eventsOf([event]));
    let firstError: unknown = null;
    for (const item of items) {
      try {
        await trx.transaction((sp) => item.apply(sp, applied));
      } catch (err) {
        if (isTransient(err)) throw err;
        firstError ??= err;
        parked.push({ kind: item.kind, item: JSON.stringify(item.value), error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (items.length && parked.length === items.length) throw firstError;
    await insertParkedItems(trx, id, parked);
    await markEventsDone(trx, [id]);
    return applied;
  });
  if (parked.length) {
    ctx.logger.error({ eventId: id, parked: parked.map((p) => ({ kind: p.kind, error: p.error })) }, 'webhook items parked');
    await notify(ctx, {
      workspaceId: ctx.defaultWorkspaceId,
      type: 'webhook_items_parked',
      title: 'Part of a webhook event could not be stored',
      message: `Event ${id}: ${parked.length} item(s) set aside, the rest stored. First error: ${parked[0]!.error.slice(0, 300)}`,
      relatedEntityType: 'webhook_event',
      relatedEntityId: id,
    });
  }
  return result;
}

/** One item per message, status, reaction, edit, receipt and template update. */
function itemsOf(ctx: AppContext, events: ChannelEvents): Item[] {
  const one = <K extends 'messages' | 'statuses' | 'watermarks' | 'reactions' | 'edits'>(key: K, kind: Item['kind']) =>
    (events[key] as Array<ChannelEvents[K][number]>).map((value): Item => ({
      kind,
      value,
      apply: async (sp, into) => mergeInbox(into.inbox, await ingestEvents(sp, { ...noEvents(), [key]: [value] })),
    }));
  return [
    ...one('messages', 'message'),
    ...one('reactions', 'message'),
    ...one('edits', 'message'),
    ...one('statuses', 'status'),
    ...one('watermarks', 'status'),
    ...events.templateEvents.map((t): Item => ({
      kind: 'template',
      value: t,
      apply: async (sp, into) => (await applyTemplateWebhooks(ctx, sp, [t])).forEach((w) => into.templateWorkspaces.add(w)),
    })),
  ];
}

function mergeInbox(into: IngestResult, r: IngestResult): void {
  into.events.push(...r.events);
  r.unknownAccounts.forEach((n) => into.unknownAccounts.add(n));
}

// Faults that say "later", not "this item is bad": Postgres connection exceptions (08), rollbacks
// for serialization or deadlock (40), insufficient resources (53), cancels and shutdowns such as
// statement_timeout (57), lock_not_available (55P03), system errors (58); and the driver's and
// pool's own connection failures, which carry no SQLSTATE.
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)|^55P03$/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function isTransient(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, name, message } = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && TRANSIENT_NODE_CODES.has(code)) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE.test(code);
  if (name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && /connection (terminated|ended|closed|error)|timeout|timed out/i.test(message);
}
