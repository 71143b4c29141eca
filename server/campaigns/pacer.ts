// When each send of one number may leave. Meta counts a number's messages in a sliding second, so
// the pacer keeps the departure times of the last `cap` sends and never lets one more leave while
// the cap-th most recent is less than a second old: no second, however it is cut, holds more than
// the cap. Within that guarantee sends are spread evenly (one every 1000/rate ms), and a sender
// that fell behind catches up on at most CATCH_UP_MS of missed slots. Pure: the caller passes the
// clock.

/**
 * Sends are planned at 98% of the rate: Meta counts them as they arrive, and the network and
 * Meta's own queueing bunch them up a little on the way.
 */
export const PACING_HEADROOM = 0.98;
/**
 * Missed slots older than this are dropped. Catching up sends a burst, and a burst arrives bunched
 * with the sends before it: measured against the simulator, catching up on 500 ms turned a few
 * stalls into refused sends (130429), each costing a rate cut worth far more than the slots saved.
 */
export const CATCH_UP_MS = 10;
const WINDOW_MS = 1000;

export class SendPacer {
  private next = -Infinity;
  private times = new Float64Array(0);
  private head = 0; // oldest remembered departure once the ring is full
  private size = 0;

  /** Most sends allowed in any sliding second at `perSecond`. */
  static capFor(perSecond: number): number {
    return Math.max(1, Math.floor(perSecond * PACING_HEADROOM));
  }

  /** ms from `now` until the next send may leave at `perSecond` sends a second (0: now). */
  delay(now: number, perSecond: number): number {
    const cap = SendPacer.capFor(perSecond);
    if (cap !== this.times.length) this.resize(cap);
    const gap = 1000 / (perSecond * PACING_HEADROOM);
    const even = Number.isFinite(this.next) ? Math.max(this.next, now - CATCH_UP_MS) : now;
    const windowFree = this.size < cap ? -Infinity : this.times[this.head]! + WINDOW_MS;
    const at = Math.max(even, windowFree);
    this.next = even + gap; // the schedule holds: a send the window held back is owed, like a stalled one
    return Math.max(0, at - now);
  }

  /** Records a send that left at `now` (after waiting for its delay). */
  sent(now: number): void {
    const cap = this.times.length || this.resize(1);
    this.times[(this.head + this.size) % cap] = now;
    if (this.size < cap) this.size++;
    else this.head = (this.head + 1) % cap;
  }

  /** Keeps the most recent departures that fit a new cap (the rate changed). */
  private resize(cap: number): number {
    const keep = Math.min(this.size, cap);
    const times = new Float64Array(cap);
    for (let i = 0; i < keep; i++) times[i] = this.times[(this.head + this.size - keep + i) % this.times.length]!;
    this.times = times;
    this.head = 0;
    this.size = keep;
    return cap;
  }
}
