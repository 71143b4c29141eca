import type { GraphFailure } from '../channels/whatsapp/errors.ts';

/** 3 retries at most, 5 s, 20 s and 45 s after the failed attempt. */
export const RETRY_DELAYS_SECONDS = [5, 20, 45];

/** After `attempts` tries that ended in `failure`: seconds until the next try, or null to give up. */
export function nextRetryDelay(failure: Pick<GraphFailure, 'retryable'>, attempts: number): number | null {
  if (!failure.retryable) return null;
  return RETRY_DELAYS_SECONDS[attempts - 1] ?? null;
}
