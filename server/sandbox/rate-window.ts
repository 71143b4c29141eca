// Sliding-window counter for "N events per W ms" (throughput per number: 1 s; pair rate limit:
// 6 s). It keeps only the last `limit` event times in a ring: an event is allowed exactly when the
// limit-th most recent one has left the window, so checks are O(1) at any rate, with no buckets
// and no boundary bursts. Pure: the caller passes the clock.

export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
  times: Float64Array;
  /** Slot the next event goes to; once full it also holds the oldest remembered event. */
  next: number;
  size: number;
}

export function createWindow(limit: number, windowMs: number): RateWindow {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate window limit must be an integer >= 1, got ${limit}`);
  return { limit, windowMs, times: new Float64Array(limit), next: 0, size: 0 };
}

/** Would one more event at `now` stay within the limit? */
export function wouldAllow(w: RateWindow, now: number): boolean {
  return w.size < w.limit || now - w.times[w.next] >= w.windowMs;
}

/** Counts an event whether or not it fits (inbound messages count against throughput too). */
export function record(w: RateWindow, now: number): void {
  w.times[w.next] = now;
  w.next = (w.next + 1) % w.limit;
  if (w.size < w.limit) w.size++;
}

/** Records and returns true if the event fits, else leaves the window untouched (rejected sends
 * were never sent, so they do not use up quota). */
export function tryAcquire(w: RateWindow, now: number): boolean {
  if (!wouldAllow(w, now)) return false;
  record(w, now);
  return true;
}

/** Events inside (now - windowMs, now]. */
export function countInWindow(w: RateWindow, now: number): number {
  let n = 0;
  for (let i = 0; i < w.size; i++) if (now - w.times[i] < w.windowMs) n++;
  return n;
}

/** Time of the most recent event, or null. */
export function lastEventAt(w: RateWindow): number | null {
  return w.size === 0 ? null : w.times[(w.next - 1 + w.limit) % w.limit];
}

/** Milliseconds until one more event would be allowed (0 if now). */
export function msUntilAllowed(w: RateWindow, now: number): number {
  return wouldAllow(w, now) ? 0 : w.windowMs - (now - w.times[w.next]);
}

/** A keyed family of windows (per number, per sender->recipient pair) that rebuilds a window when
 * its limit changes and sweeps idle keys so a million one-off recipients do not pin memory. */
export class WindowMap {
  private readonly map = new Map<string, RateWindow>();
  private sweepAt = 50_000;

  get(key: string, limit: number, windowMs: number, now: number): RateWindow {
    let w = this.map.get(key);
    if (!w || w.limit !== limit || w.windowMs !== windowMs) {
      if (this.map.size >= this.sweepAt) this.sweep(now);
      w = createWindow(limit, windowMs);
      this.map.set(key, w);
    }
    return w;
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }

  private sweep(now: number): void {
    for (const [k, w] of this.map) {
      const last = lastEventAt(w);
      if (last === null || now - last >= w.windowMs) this.map.delete(k);
    }
    // Everything is busy: grow the threshold instead of sweeping on every insert.
    this.sweepAt = Math.max(50_000, this.map.size * 2);
  }
}
