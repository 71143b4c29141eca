// Fixed-capacity ring buffer: O(1) push, oldest dropped first. Used for the request log and the
// webhook delivery log, so a long benchmark cannot grow memory without bound.

export class Ring<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(private capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity must be >= 1, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Adds x and returns the item it evicted, if any. */
  push(x: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = x;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = x;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  get size(): number {
    return this.count;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.count = 0;
  }
}
