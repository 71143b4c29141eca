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

export async function markEventFailed(db: Db, id: string, error: string, retryInSeconds: number | null): Promise<void> {
  await db.raw(
    `update webhook_events set attempts = attempts + 1, last_error = ?, state = ?,
            next_attempt_at = now() + make_interval(secs => ?)
      where id = ?`,
    [error.slice(0, 2000), retryInSeconds === null ? 'dead' : 'pending', retryInSeconds ?? 0, id],
  );
}

export const deleteProcessedEventsBefore = (db: Db, before: Date) =>
  db('webhook_events').where('received_at', '<', before).whereIn('state', ['done', 'dead']).delete();
