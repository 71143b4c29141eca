import { HttpError } from '../http/errors.ts';
import { BatcherFullError, BatcherTimeoutError, type Batcher, type BatcherLimits } from '../lib/batcher.ts';
import type { AppContext } from '../context.ts';
import type { Logger } from '../lib/logger.ts';
import type { StoredEvent } from './queries.ts';

// Meta waits ~10 s (nginx's upstream timeout too) and retries any non-200 for days, so when the
// database cannot store an event quickly the honest answer is a fast 503, never a hang and never
// a 200 for an event that is not stored. A write that completes after its 503 was sent is
// deleted again (unstoreLateEvents), so the 503 stays true and Meta's retry is the one copy.

/** How long a webhook POST waits for its event to be stored before answering 503. */
export const STORE_TIMEOUT_MS = 1_000;

/** Events waiting for the database beyond this are refused at once rather than held in memory. */
export const STORE_QUEUE_LIMITS: BatcherLimits<StoredEvent> = {
  maxQueued: 20_000,
  maxQueuedBytes: 64 * 1024 * 1024,
  sizeOf: (e) => e.body.length,
};

export async function storeOr503(store: Batcher<StoredEvent, string>, event: StoredEvent, logger: Logger): Promise<string> {
  try {
    return await store.add(event, STORE_TIMEOUT_MS);
  } catch (err) {
    const reason =
      err instanceof BatcherFullError ? 'too many events are waiting for the database'
      : err instanceof BatcherTimeoutError ? 'the database did not confirm the write in time'
      : 'the database refused the write';
    logger.warn({ err: { message: (err as Error)?.message, code: (err as { code?: string })?.code }, waiting: store.waiting }, 'webhook event not stored');
    throw new HttpError(503, 'store_unavailable', `Event not stored: ${reason}; retry later`);
  }
}

/**
 * Writes that landed after their POST was answered 503: Meta sends those events again, so the
 * late copies go, and each event is stored once. What a late copy already applied stays applied;
 * the retry applies nothing twice (messages and statuses are deduplicated by wamid).
 */
export async function unstoreLateEvents(ctx: Pick<AppContext, 'db' | 'logger'>, ids: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.db('webhook_events').whereIn('id', ids).delete();
      ctx.logger.info({ events: ids.length }, 'webhook events written after their 503 removed; Meta sends them again');
      return;
    } catch (err) {
      if (attempt >= 5) {
        ctx.logger.warn({ err: (err as Error)?.message, ids }, 'late webhook copies could not be removed; their retries will be stored beside them');
        return;
      }
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}
