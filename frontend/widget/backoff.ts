// How long the widget waits before reconnecting its stream. Exponential with "equal jitter": a
// thousand visitors dropped by one server restart must not all come back in the same second, and a
// visitor must not wait long after a short blip. Pure: the random source is passed in.

export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry): half of the capped
 * exponential step is fixed, the other half random. A server's Retry-After (429/503) is a floor.
 */
export function reconnectDelay(attempt: number, random: () => number, retryAfterMs = 0): number {
  const step = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 16)));
  const jittered = step / 2 + (step / 2) * Math.min(1, Math.max(0, random()));
  return Math.round(Math.max(jittered, retryAfterMs));
}
