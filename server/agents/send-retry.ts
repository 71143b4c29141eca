import type { ChannelFailure } from '../channels/channel.ts';

// When an auto-reply send that Meta refused is tried again: up to 3 retries, each waiting twice
// as long as the one before (base, 2 x base, 4 x base), only for failures the Graph error
// classification calls retryable (network errors, 5xx, throttling 130429/131056/80007, transient
// 1/2/131000/131016...). A pair-rate hit (131056) waits at least 6 s, Meta's pair window. The
// retries of one reply must end within `budgetMs` of its first attempt, so the reply task is
// never taken for a stuck one and claimed again by another worker meanwhile.

export const REPLY_SEND_RETRIES = 3;
export const PAIR_RATE_WAIT_MS = 6_000;
/** Well under the reply worker's 120 s stuck-task recovery. */
export const REPLY_RETRY_BUDGET_MS = 60_000;

export interface RetryClock {
  /** When the first attempt started. */
  startedAt: number;
  now: number;
}

/**
 * After `retriesDone` retries (0 after the first attempt) ended in `failure`: milliseconds to wait
 * before the next attempt, or null when the failure is final.
 */
export function replyRetryDelayMs(
  failure: Pick<ChannelFailure, 'retryable' | 'kind'>,
  retriesDone: number,
  baseMs: number,
  clock: RetryClock,
  budgetMs = REPLY_RETRY_BUDGET_MS,
): number | null {
  if (!failure.retryable || retriesDone >= REPLY_SEND_RETRIES) return null;
  const backoff = baseMs * 2 ** retriesDone;
  const delay = failure.kind === 'pair_rate' ? Math.max(backoff, PAIR_RATE_WAIT_MS) : backoff;
  return clock.now + delay - clock.startedAt > budgetMs ? null : delay;
}
