import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';

export interface StoredEvent {
  object: string;
  body: string;
  updateCount: number;
}

export interface ClaimedEvent {
  id: string;
  object: string;
  body: string;
  attempts: number;
}

/** One INSERT for a whole batch of received webhooks (three array parameters, whatever the count). */
export async function insertEvents(db: Db, events: StoredEvent[]): Promise<string[]> {
  const { rows } = await db.raw(
    `insert into webhook_events (object, body, update_count)
     select * from unnest(?::text[], ?::text[], ?::int[]) returning id`,
    [events.map((e) => e.object), events.map((e) => e.body), events.map((e) => e.updateCount)],
  );
  return rows.map((r: { id: string }) => r.id);
}

/**
 * Locks due events for the caller's transaction. Marking them done in that same transaction
 * means a crash or error simply rolls back: the events stay pending for the next attempt.
 */
export async function lockDueEvents(trx: Knex, limit: number, onlyId?: string): Promise<ClaimedEvent[]> {
  const { rows } = await trx.raw(
    `select id, object, body, attempts from webhook_events
      where state = 'pending' and next_attempt_at <= now() ${onlyId ? 'and id = ?' : ''}
      order by next_attempt_at, id
      limit ? for update skip locked`,
    onlyId ? [onlyId, limit] : [limit],
  );
  return rows;
}

export async function markEventsDone(trx: Knex, ids: string[]): Promise<void> {
  await trx.raw(
    `update webhook_events set state = 'done', processed_at = now(), attempts = attempts + 1, last_error = null where id = any(?::bigint[])`,
    [ids],
  );
}

/**
 * Records a failed attempt from the row's own attempt count (not the caller's, which is unknown
 * when the failure came before the event was read): retried after retrySeconds[attempts], dead
 * once it has failed retrySeconds.length + 1 times.
 */
export async function markEventFailed(db: Db, id: string, error: string, retrySeconds: readonly number[]): Promise<{ attempts: number; dead: boolean } | null> {
  const { rows } = await db.raw(
    `update webhook_events set attempts = attempts + 1, last_error = ?,
            state = case when attempts + 1 > ? then 'dead' else 'pending' end,
            next_attempt_at = now() + coalesce((?::int[])[attempts + 1], 0) * interval '1 second'
      where id = ? and state = 'pending'
      returning attempts, state = 'dead' as dead`,
    [error.slice(0, 2000), retrySeconds.length, [...retrySeconds], id],
  );
  return rows[0] ?? null;
}

export interface ParkedItem {
  kind: 'message' | 'status' | 'template';
  item: string;
  error: string;
}

export async function insertParkedItems(trx: Knex, eventId: string, items: ParkedItem[]): Promise<void> {
  if (!items.length) return;
  await trx('webhook_parked_items').insert(items.map((p) => ({ event_id: eventId, kind: p.kind, item: p.item, error: p.error.slice(0, 2000) })));
}

export const deleteProcessedEventsBefore = (db: Db, before: Date) =>
  db('webhook_events').where('received_at', '<', before).whereIn('state', ['done', 'dead']).delete();
