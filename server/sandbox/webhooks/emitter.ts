// Delivers webhook POSTs like Meta: signed raw bytes, keep-alive connections (undici Agent),
// anything but HTTP 200 is a failure, retried on a compressible schedule until a max age, every
// attempt recorded in a bounded delivery log (GET /control/webhooks).
import { Agent, request } from 'undici';
import type { Knobs } from '../knobs.ts';
import { Ring } from '../ring.ts';
import { signBody } from './sign.ts';

export interface Attempt {
  at: number;
  status: number | null;
  error: string | null;
  ms: number;
}

export type DeliveryState = 'in_flight' | 'retry_scheduled' | 'delivered' | 'dropped';

export interface Delivery {
  id: number;
  url: string;
  object: string;
  updates: number;
  bytes: number;
  signature: string;
  createdAt: number;
  state: DeliveryState;
  attempts: Attempt[];
  nextAttemptAt: number | null;
  /** Raw body text; only the most recent deliveries keep it (memory bound). */
  body: string | null;
}

interface Pending {
  d: Delivery;
  raw: Buffer;
  timer: NodeJS.Timeout | null;
}

export interface EmitterDeps {
  now: () => number;
  knobs: () => Knobs;
  logSize?: number;
  bodyLogSize?: number;
}

export class Emitter {
  private agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  private log: Ring<Delivery>;
  private withBody: Ring<Delivery>;
  private pending = new Map<number, Pending>();
  private inFlight = new Set<Promise<void>>();
  private seq = 0;
  private closed = false;
  private counters = { posts: 0, attempts: 0, failed_attempts: 0, delivered: 0, dropped: 0 };

  constructor(private deps: EmitterDeps) {
    this.log = new Ring(deps.logSize ?? 2_000);
    this.withBody = new Ring(deps.bodyLogSize ?? 200);
  }

  /** Queues one POST of `body` (already serialised) to `url`, signed with `secret`. */
  send(url: string, secret: string, text: string, meta: { object: string; updates: number }): Delivery {
    const raw = Buffer.from(text, 'utf8');
    const d: Delivery = {
      id: ++this.seq,
      url,
      object: meta.object,
      updates: meta.updates,
      bytes: raw.length,
      signature: signBody(secret, raw),
      createdAt: this.deps.now(),
      state: 'in_flight',
      attempts: [],
      nextAttemptAt: null,
      body: text,
    };
    this.counters.posts++;
    this.log.push(d);
    const evicted = this.withBody.push(d);
    if (evicted) evicted.body = null;
    const p: Pending = { d, raw, timer: null };
    this.pending.set(d.id, p);
    this.attempt(p);
    return d;
  }

  private attempt(p: Pending): void {
    if (this.closed) return;
    p.timer = null;
    p.d.state = 'in_flight';
    p.d.nextAttemptAt = null;
    const run = this.post(p).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async post(p: Pending): Promise<void> {
    const { d } = p;
    const started = this.deps.now();
    const t0 = performance.now();
    const timeout = this.deps.knobs().webhookTimeoutMs;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await request(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature, 'user-agent': 'facebookexternalua' },
        body: p.raw,
        dispatcher: this.agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      status = res.statusCode;
      await res.body.dump();
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    // A reset or close while this POST was out: forget it rather than retry into a fresh run.
    if (this.pending.get(d.id) !== p) return;
    this.counters.attempts++;
    d.attempts.push({ at: started, status, error, ms: Math.round(performance.now() - t0) });
    if (status === 200) {
      d.state = 'delivered';
      this.counters.delivered++;
      this.pending.delete(d.id);
      return;
    }
    this.counters.failed_attempts++;
    this.scheduleRetry(p);
  }

  private scheduleRetry(p: Pending): void {
    const k = this.deps.knobs();
    const schedule = k.webhookRetryScheduleMs;
    const failures = p.d.attempts.length;
    const delay = schedule.length ? schedule[Math.min(failures - 1, schedule.length - 1)] : null;
    const now = this.deps.now();
    // WhatsApp keeps retrying for 7 days; Messenger/Instagram give up (unsubscribe) after an hour.
    const maxAge = p.d.object === 'whatsapp_business_account' ? k.webhookRetryMaxAgeMs : k.messengerRetryMaxAgeMs;
    if (this.closed || delay === null || now + delay - p.d.createdAt > maxAge) {
      p.d.state = 'dropped';
      this.counters.dropped++;
      this.pending.delete(p.d.id);
      return;
    }
    p.d.state = 'retry_scheduled';
    p.d.nextAttemptAt = now + delay;
    p.timer = setTimeout(() => this.attempt(p), delay);
    p.timer.unref();
  }

  /** Fires every scheduled retry now (tests); returns how many. */
  retryNow(): number {
    let n = 0;
    for (const p of this.pending.values()) {
      if (p.timer) {
        clearTimeout(p.timer);
        this.attempt(p);
        n++;
      }
    }
    return n;
  }

  /** Resolves when no attempt is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  summary() {
    let inFlight = 0;
    let retrying = 0;
    for (const p of this.pending.values()) p.d.state === 'in_flight' ? inFlight++ : retrying++;
    return { ...this.counters, in_flight: inFlight, retry_scheduled: retrying };
  }

  list(q: { state?: string | null; limit?: number; includeBody?: boolean }) {
    let ds = this.log.toArray();
    if (q.state) ds = ds.filter((d) => d.state === q.state);
    const limit = q.limit ?? 100;
    ds = limit > 0 ? ds.slice(-limit) : [];
    return {
      summary: this.summary(),
      deliveries: ds.map((d) => {
        const out: Record<string, unknown> = {
          ...d,
          createdAt: undefined,
          created_at: new Date(d.createdAt).toISOString(),
          next_attempt_at: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
          nextAttemptAt: undefined,
          attempts: d.attempts.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
          body: undefined,
        };
        if (q.includeBody) out.payload = d.body === null ? null : JSON.parse(d.body);
        return out;
      }),
    };
  }

  /** Forgets the log and cancels pending retries (in-flight POSTs finish but are not retried). */
  reset(): void {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
    this.log.clear();
    this.withBody.clear();
    this.counters = { posts: 0, attempts: 0, failed_attempts: 0, delivered: 0, dropped: 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
    await this.agent.destroy();
    await this.idle();
  }
}
