/**
 * Coalesces concurrent writes into one statement: callers await their own item, and items that
 * arrive while a flush is running go out together in the next one. Under load this turns N
 * commits into a few, which is what keeps a durable-before-200 webhook endpoint fast.
 *
 * Bounded: when the database stalls, flushes stop returning and items pile up. Past `maxQueued`
 * items or `maxQueuedBytes` waiting, add() refuses at once with BatcherFullError instead of
 * growing the heap; an item whose caller gave up (timeoutMs) before its flush started is dropped,
 * so a refusal to the caller also means it was not stored.
 */
export interface BatcherLimits<T> {
  maxQueued: number;
  maxQueuedBytes: number;
  sizeOf: (item: T) => number;
}

export class BatcherFullError extends Error {
  constructor(readonly queued: number, readonly queuedBytes: number) {
    super(`write queue is full (${queued} items, ${queuedBytes} bytes waiting)`);
  }
}

export class BatcherTimeoutError extends Error {
  constructor(readonly ms: number, readonly started: boolean) {
    super(`write not confirmed within ${ms} ms (${started ? 'it may still complete' : 'dropped before it started'})`);
  }
}

interface Pending<T, R> {
  item: T;
  bytes: number;
  /** Its caller was answered (timed out) while its write was under way. */
  abandoned?: boolean;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class Batcher<T, R> {
  private queue: Array<Pending<T, R>> = [];
  private inFlight = 0;
  private queuedBytes = 0;

  constructor(
    private readonly flushFn: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 2,
    private readonly limits: BatcherLimits<T> = { maxQueued: Infinity, maxQueuedBytes: Infinity, sizeOf: () => 0 },
    /** Results of writes that completed after their caller had given up (it was told "not stored"). */
    private readonly onAbandoned?: (results: R[]) => void,
  ) {}

  /** Items waiting for a flush (not counting those being written). */
  get waiting(): { items: number; bytes: number } {
    return { items: this.queue.length, bytes: this.queuedBytes };
  }

  /** Resolves with the item's result, or rejects when full, when its flush fails, or after timeoutMs. */
  add(item: T, timeoutMs?: number): Promise<R> {
    const bytes = this.limits.sizeOf(item);
    if (this.queue.length >= this.limits.maxQueued || this.queuedBytes + bytes > this.limits.maxQueuedBytes) {
      return Promise.reject(new BatcherFullError(this.queue.length, this.queuedBytes));
    }
    return new Promise<R>((resolve, reject) => {
      const entry: Pending<T, R> = { item, bytes, resolve, reject };
      if (timeoutMs !== undefined) {
        const timer = setTimeout(() => {
          const at = this.queue.indexOf(entry);
          if (at >= 0) {
            this.queue.splice(at, 1);
            this.queuedBytes -= bytes;
          } else entry.abandoned = true;
          reject(new BatcherTimeoutError(timeoutMs, at < 0));
        }, timeoutMs);
        entry.resolve = (r) => {
          clearTimeout(timer);
          resolve(r);
        };
        entry.reject = (e) => {
          clearTimeout(timer);
          reject(e);
        };
      }
      this.queue.push(entry);
      this.queuedBytes += bytes;
      if (this.inFlight < this.maxInFlight) {
        this.inFlight++;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      for (const b of batch) this.queuedBytes -= b.bytes;
      try {
        const results = await this.flushFn(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
        const late = results.filter((_, i) => batch[i]!.abandoned);
        if (late.length) this.onAbandoned?.(late);
      } catch (err) {
        batch.forEach((b) => b.reject(err));
      }
    }
    this.inFlight--;
  }
}
