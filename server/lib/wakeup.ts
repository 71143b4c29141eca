/** Wakes an in-process polling loop early when there is work; the poll interval stays the fallback. */
export class Wakeup {
  private waiters: Array<() => void> = [];
  private pending = false;

  /** Resolves after `ms`, or at once if notify() was called since the last wait. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.push(done);
    });
  }

  notify(): void {
    if (!this.waiters.length) {
      this.pending = true;
      return;
    }
    for (const w of [...this.waiters]) w();
  }
}
