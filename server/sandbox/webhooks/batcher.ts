// Collects webhook updates (statuses, inbound messages, template changes, IG/Messenger events)
// and, on a timer, sends every update that is due in as few POSTs as Meta would: one per target
// (URL + app secret) and object type, at most batchMax (Meta: 1000) updates each. The timer runs
// only while something is queued, so a run with status webhooks off costs nothing here.
import type { Knobs } from '../knobs.ts';
import { DueQueue } from './due-queue.ts';
import type { Emitter } from './emitter.ts';
import { messagingEnvelope, WA_OBJECT, waEnvelope, type MessagingItem, type WaItem, type WebhookItem } from './payloads.ts';
import { escapeNonAscii } from './sign.ts';

export interface Target {
  url: string;
  secret: string;
}

interface Queued {
  target: Target;
  item: WebhookItem;
}

export interface BatcherDeps {
  now: () => number;
  knobs: () => Knobs;
  emitter: Emitter;
}

export class Batcher {
  private q = new DueQueue<Queued>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private deps: BatcherDeps) {}

  get queued(): number {
    return this.q.size;
  }

  enqueue(target: Target, item: WebhookItem, dueAt: number): void {
    if (this.closed) return;
    this.q.push(dueAt, { target, item });
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.closed || this.q.size === 0) return;
    const wait = Math.max(this.deps.knobs().batchIntervalMs, (this.q.peekDue() ?? 0) - this.deps.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
      this.arm();
    }, wait);
    this.timer.unref();
  }

  /** Sends what is due (everything, with `all`); returns the number of POSTs started. */
  flush(opts: { all?: boolean } = {}): number {
    const now = this.deps.now();
    const limit = opts.all ? Infinity : now;
    const groups = new Map<string, { target: Target; object: string; items: WebhookItem[] }>();
    for (let x = this.q.popDue(limit); x; x = this.q.popDue(limit)) {
      const object = x.item.kind === 'messaging' ? x.item.object : WA_OBJECT;
      const key = `${x.target.url}\n${x.target.secret}\n${object}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { target: x.target, object, items: [] }));
      g.items.push(x.item);
    }
    const k = this.deps.knobs();
    let posts = 0;
    for (const g of groups.values()) {
      for (let i = 0; i < g.items.length; i += k.batchMax) {
        const chunk = g.items.slice(i, i + k.batchMax);
        const wa = g.object === WA_OBJECT;
        const payload = wa
          ? waEnvelope(chunk as WaItem[], Math.floor(now / 1000))
          : messagingEnvelope(g.object as MessagingItem['object'], chunk as MessagingItem[], now);
        const json = JSON.stringify(payload);
        this.deps.emitter.send(g.target.url, g.target.secret, wa ? json : escapeNonAscii(json), {
          object: g.object,
          updates: chunk.length,
        });
        posts++;
      }
    }
    if (this.q.size && !this.timer) this.arm();
    return posts;
  }

  reset(): void {
    this.q.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  close(): void {
    this.closed = true;
    this.reset();
  }
}
