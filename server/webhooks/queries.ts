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

/** One multi-row INSERT for a whole batch of received webhooks. */
export async function insertEvents(db: Db, events: StoredEvent[]): Promise<string[]> {
  const rows = await db('webhook_events')
    .insert(events.map((e) => ({ object: e.object, body: e.body, update_count: e.updateCount })))
    .returning('id');
  return rows.map((r: { id: string }) => r.id);
}

const LEASE = "interval '2 minutes'";

/** Leases due events; a crashed processor's lease runs out and another picks them up. */
export async function claimDueEvents(db: Db, limit: number): Promise<ClaimedEvent[]> {
  const { rows } = await db.raw(
    `update webhook_events set attempts = attempts + 1, locked_until = now() + ${LEASE}
      where id in (
        select id from webhook_events
         where state = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
         order by next_attempt_at, id
         limit ? for update skip locked)
      returning id, object, body, attempts`,
    [limit],
  );
  return rows;
}

export async function markEventsDone(db: Db, ids: string[]): Promise<void> {
  if (ids.length) {
    await db('webhook_events').whereIn('id', ids).update({ state: 'done', processed_at: db.fn.now(), locked_until: null, last_error: null });
  }
}

export async function markEventFailed(db: Db, id: string, error: string, retryInSeconds: number | null): Promise<void> {
  await db('webhook_events')
    .where({ id })
    .update({
      state: retryInSeconds === null ? 'dead' : 'pending',
      last_error: error.slice(0, 2000),
      locked_until: null,
      next_attempt_at: db.raw(`now() + make_interval(secs => ?)`, [retryInSeconds ?? 0]),
    });
}

export const deleteProcessedEventsBefore = (db: Db, before: Date) =>
  db('webhook_events').where('received_at', '<', before).whereIn('state', ['done', 'dead']).delete();
