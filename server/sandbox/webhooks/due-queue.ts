// Min-heap of items keyed by due time (ties in insertion order), so the batcher pops exactly the
// updates whose delay has passed in O(log n), whatever mix of delays the knobs produce.

interface Slot<T> {
  due: number;
  seq: number;
  item: T;
}

export class DueQueue<T> {
  private heap: Slot<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(due: number, item: T): void {
    const h = this.heap;
    h.push({ due, seq: this.seq++, item });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  peekDue(): number | null {
    return this.heap.length ? this.heap[0].due : null;
  }

  /** Removes and returns the earliest item if it is due at `now` (always, if now is Infinity). */
  popDue(now: number): T | undefined {
    const h = this.heap;
    if (h.length === 0 || h[0].due > now) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top.item;
  }

  clear(): void {
    this.heap = [];
  }

  private less(a: Slot<T>, b: Slot<T>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }
}
