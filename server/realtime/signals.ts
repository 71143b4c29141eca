import type { AppContext } from '../context.ts';
import type { Db } from '../db/knex.ts';
import type { Change } from './hub.ts';

// Supabase mode: the dashboard hears changes through Supabase Realtime, which reads the
// database's change stream, not our NOTIFY channel. Each web process relays what its hub hears
// into live_signals, one data-free row per workspace and topic (why: db/migrations/0013), so one
// Realtime subscription covers every view without making any table with secrets or messages
// readable. A sending campaign announces every batch; a row is written at most once per gap per
// topic, and the change that arrives inside the gap is carried by one write at its end.
export const SIGNAL_GAP_MS = 1000;

/**
 * How long to wait before writing a topic's signal for a change at `now`: 0 to write at once,
 * null when a write is already scheduled (it will carry this change too).
 */
export function signalDelay(lastWriteAt: number | undefined, scheduled: boolean, now: number, gapMs = SIGNAL_GAP_MS): number | null {
  if (scheduled) return null;
  if (lastWriteAt === undefined || now - lastWriteAt >= gapMs) return 0;
  return lastWriteAt + gapMs - now;
}

export const touchSignal = (db: Db, workspaceId: string, topic: Change['topic']) =>
  db.raw(
    `insert into live_signals (workspace_id, topic, changed_at) values (?, ?, now())
     on conflict (workspace_id, topic) do update set changed_at = excluded.changed_at`,
    [workspaceId, topic],
  );

/** Starts relaying the hub's changes into live_signals; returns the stop function. */
export function startSignalRelay(ctx: Pick<AppContext, 'db' | 'hub' | 'logger'>, gapMs = SIGNAL_GAP_MS): () => void {
  const lastWrite = new Map<string, number>();
  const scheduled = new Map<string, NodeJS.Timeout>();
  const write = (key: string, { workspaceId, topic }: Change) => {
    lastWrite.set(key, Date.now());
    touchSignal(ctx.db, workspaceId, topic).catch((err) =>
      ctx.logger.warn({ err, topic }, 'live signal not written; the dashboard catches up at the next change of the topic'),
    );
  };
  const unsubscribe = ctx.hub.subscribe((change) => {
    // Typing is momentary and carries its detail, which a data-free signal row cannot: SSE only.
    if (change.topic === 'typing') return;
    const key = `${change.workspaceId} ${change.topic}`;
    const delay = signalDelay(lastWrite.get(key), scheduled.has(key), Date.now(), gapMs);
    if (delay === null) return;
    if (delay === 0) return write(key, change);
    scheduled.set(
      key,
      setTimeout(() => {
        scheduled.delete(key);
        write(key, change);
      }, delay),
    );
  });
  return () => {
    unsubscribe();
    for (const timer of scheduled.values()) clearTimeout(timer);
    scheduled.clear();
  };
}
