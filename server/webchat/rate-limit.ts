// The visitor API's rate limits: token buckets, in memory per process (a limit is per process;
// with several web processes a visitor can get up to that many times the rate, which is enough to
// stop a flood and costs no database write per request). Pure at the core (`takeToken`, with the
// clock passed in); `RateLimiter` keeps a bucket per key and forgets full ones lazily, with no
// timer.

export interface BucketRule {
  /** Tokens a full bucket holds: the burst. */
  capacity: number;
  /** Tokens added back per minute. */
  perMinute: number;
}

export interface Bucket {
  tokens: number;
  /** When `tokens` was counted (ms). */
  at: number;
}

export interface Take {
  allowed: boolean;
  bucket: Bucket;
  /** When refused: how long until a token is back (ms); 0 when allowed. */
  retryAfterMs: number;
}

/** Spends one token of `bucket` (a new key starts full) at `now`. */
export function takeToken(rule: BucketRule, bucket: Bucket | undefined, now: number): Take {
  const perMs = rule.perMinute / 60_000;
  // A clock that went back neither mints tokens nor moves the count back in time.
  const at = bucket ? Math.max(bucket.at, now) : now;
  const tokens = bucket ? Math.min(rule.capacity, bucket.tokens + (at - bucket.at) * perMs) : rule.capacity;
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, at }, retryAfterMs: 0 };
  return { allowed: false, bucket: { tokens, at }, retryAfterMs: Math.ceil((1 - tokens) / perMs) };
}

/** Whether a bucket last counted at `bucket.at` is full again by `now` (it can be forgotten). */
export const isFull = (rule: BucketRule, bucket: Bucket, now: number): boolean =>
  bucket.tokens + Math.max(0, now - bucket.at) * (rule.perMinute / 60_000) >= rule.capacity;

const SWEEP_EVERY_MS = 60_000;

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    readonly rule: BucketRule,
    private readonly clock: () => number = Date.now,
    private readonly maxKeys = 200_000,
  ) {}

  /** Spends a token of `key`; `retryAfterSeconds` is whole seconds, at least 1, when refused. */
  take(key: string): { allowed: boolean; retryAfterSeconds: number } {
    const now = this.clock();
    this.sweep(now);
    const r = takeToken(this.rule, this.buckets.get(key), now);
    this.buckets.delete(key); // re-inserted last: the map stays in order of last use
    this.buckets.set(key, r.bucket);
    return { allowed: r.allowed, retryAfterSeconds: r.allowed ? 0 : Math.max(1, Math.ceil(r.retryAfterMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS && this.buckets.size < this.maxKeys) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) if (isFull(this.rule, b, now)) this.buckets.delete(key);
    // Still too many (a flood of distinct keys): the least recently used tenth goes.
    if (this.buckets.size < this.maxKeys) return;
    let drop = Math.ceil(this.maxKeys / 10);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/** The limits of docs/webchat.md. */
export const WEBCHAT_LIMITS = {
  /** Messages (and pre-chat form sends) per visitor: 20 a minute, 10 at once. */
  visitorMessages: { capacity: 10, perMinute: 20 },
  /** Messages per IP address (many visitors behind one address). */
  ipMessages: { capacity: 60, perMinute: 60 },
  /** New sessions per IP address. */
  ipSessions: { capacity: 30, perMinute: 30 },
  /** Live streams opened per IP address (reconnects included). */
  ipStreams: { capacity: 60, perMinute: 60 },
  /** Typing signals per visitor: the rest are dropped without an error. */
  visitorTyping: { capacity: 1, perMinute: 60 },
  /** WhatsApp-button clicks counted per IP address. */
  ipClicks: { capacity: 30, perMinute: 30 },
} as const satisfies Record<string, BucketRule>;
