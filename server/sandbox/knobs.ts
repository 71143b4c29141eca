// Behaviour knobs: global defaults plus per-object overrides (keyed by phone number id, WABA id,
// or Page/IG account id). Set per run (createSandbox options, CLI) and at runtime
// (PATCH /control/knobs, which merges). The effective knobs of an id are cached so the send path
// does one Map lookup.
import { z } from 'zod';
import { latencyProblem, type Latency } from './latency.ts';

const prob = z.number().min(0).max(1);
const ms = z.number().min(0).max(30 * 86_400_000);
const latency = z
  .union([
    z.strictObject({ fixedMs: ms }),
    z.strictObject({ minMs: ms, maxMs: ms }),
    z.strictObject({ meanMs: ms, p99Ms: ms }),
  ])
  .nullable()
  .superRefine((l, ctx) => {
    const problem = l ? latencyProblem(l as Latency) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const delays = z.strictObject({ sent: ms, delivered: ms, read: ms });

const shape = {
  /** Messages per second per phone number (sliding 1 s); null = unlimited. Meta's default is 80. */
  throughputLimit: z.number().int().min(1).max(1_000_000).nullable(),
  latency,
  errorRate5xx: prob,
  timeoutRate: prob,
  /** A "timed out" request hangs until the client gives up, or this long, then the socket is destroyed. */
  maxHangMs: ms,
  expiredTokens: z.array(z.string()),
  /** WhatsApp recipients that get an async `failed` status with 131026; IG/Messenger: sync 551. */
  undeliverable: z.array(z.string()),
  /** Recipients always outside the 24 h customer service window (131047 on free-form sends). */
  outsideWindow: z.array(z.string()),
  /** Also treat as outside the window anyone without an emitted inbound message in windowMs. */
  enforceWindow: z.boolean(),
  /** Instagram/Messenger: the window always holds, as on Meta (no templates to fall back on), so
   * a user who never wrote cannot be messaged. false leaves them to enforceWindow, like WhatsApp. */
  enforceMessagingWindow: z.boolean(),
  windowMs: ms,
  /** 131047 as an HTTP error on the send (sync) or as a failed status webhook (async). */
  windowErrorMode: z.enum(['sync', 'async']),
  /** Same sender->recipient pair: at most `max` sends per sliding `windowMs` (Meta: burst 45 / 6 s). */
  pairRateLimit: z.strictObject({ max: z.number().int().min(1).max(100_000), windowMs: ms.min(1) }).nullable(),
  /** Template sends naming a template the store does not hold are accepted instead of 132001. */
  acceptUnknownTemplates: z.boolean(),
  statusWebhooks: z.boolean(),
  statusDelaysMs: delays,
  readRate: prob,
  /** Probability that `delivered` is skipped when `read` follows (Meta: read implies delivered). */
  skipDeliveredRate: prob,
  /** Probability that a message's statuses are emitted in reverse order. */
  outOfOrder: prob,
  /** Probability that each status webhook update is emitted twice. */
  duplicateRate: prob,
  /** IG/Messenger: emit `is_echo` message webhooks for the business's own sends. */
  echoes: z.boolean(),
  webhookUrl: z.string().regex(/^https?:\/\/./, 'must be an http(s) URL').nullable(),
  appSecret: z.string().min(1),
  batchMax: z.number().int().min(1).max(1000),
  batchIntervalMs: ms,
  webhookTimeoutMs: ms.min(1),
  /** Delay before retry n (the last entry repeats) until the max age; [] = never retry. */
  webhookRetryScheduleMs: z.array(ms).max(1000),
  webhookRetryMaxAgeMs: ms,
  messengerRetryMaxAgeMs: ms,
};

export const knobsSchema = z.strictObject(shape);
export type Knobs = z.infer<typeof knobsSchema>;

/** Knobs read once per sandbox (the batcher and emitter), not per object. */
export const GLOBAL_ONLY = ['batchMax', 'batchIntervalMs', 'webhookTimeoutMs', 'webhookRetryScheduleMs', 'webhookRetryMaxAgeMs', 'messengerRetryMaxAgeMs'] as const;

const patchSchema = z.strictObject({ ...shape, statusDelaysMs: delays.partial() }).partial();
export type KnobsPatch = z.infer<typeof patchSchema>;
const overrideSchema = patchSchema.omit({
  batchMax: true, batchIntervalMs: true, webhookTimeoutMs: true, webhookRetryScheduleMs: true, webhookRetryMaxAgeMs: true, messengerRetryMaxAgeMs: true,
});
export type KnobsOverride = z.infer<typeof overrideSchema>;

export const DEFAULT_KNOBS: Knobs = {
  throughputLimit: null,
  latency: null,
  errorRate5xx: 0,
  timeoutRate: 0,
  maxHangMs: 30_000,
  expiredTokens: [],
  undeliverable: [],
  outsideWindow: [],
  enforceWindow: false,
  enforceMessagingWindow: true,
  windowMs: 86_400_000,
  windowErrorMode: 'sync',
  pairRateLimit: null,
  acceptUnknownTemplates: false,
  statusWebhooks: true,
  statusDelaysMs: { sent: 100, delivered: 500, read: 2_000 },
  readRate: 1,
  skipDeliveredRate: 0,
  outOfOrder: 0,
  duplicateRate: 0,
  echoes: false,
  webhookUrl: null,
  appSecret: 'sandbox_app_secret',
  batchMax: 1000,
  batchIntervalMs: 100,
  webhookTimeoutMs: 10_000,
  // META-PLATFORM 1.3 suggestion: 0 s, 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h for 7 days.
  webhookRetryScheduleMs: [0, 10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000],
  webhookRetryMaxAgeMs: 7 * 86_400_000,
  messengerRetryMaxAgeMs: 3_600_000,
};

/** Effective knobs of one id, plus the recipient/token lists as normalised sets. */
export type Effective = Knobs & { expired: Set<string>; undeliverableSet: Set<string>; outsideSet: Set<string> };

/** "+44 7700-900123" and "447700900123" name the same WhatsApp user; other ids stay as given. */
export function normRecipient(s: string): string {
  return /^[+\d\s().-]+$/.test(s) ? s.replace(/\D/g, '') : s;
}

function merge<T extends KnobsPatch>(base: Knobs, patch: T): Knobs {
  const out = { ...base, ...patch } as Knobs;
  if (patch.statusDelaysMs) out.statusDelaysMs = { ...base.statusDelaysMs, ...patch.statusDelaysMs };
  return out;
}

function effective(k: Knobs): Effective {
  return {
    ...k,
    expired: new Set(k.expiredTokens),
    undeliverableSet: new Set(k.undeliverable.map(normRecipient)),
    outsideSet: new Set(k.outsideWindow.map(normRecipient)),
  };
}

function describe(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

export type KnobsSnapshot = { global: Knobs; numbers: Record<string, KnobsOverride> };

export class KnobStore {
  private global: Knobs;
  private globalEff: Effective;
  private overrides = new Map<string, KnobsOverride>();
  private cache = new Map<string, Effective>();

  constructor(private initial: KnobsSnapshot) {
    this.global = structuredClone(initial.global);
    this.globalEff = effective(this.global);
    for (const [id, o] of Object.entries(initial.numbers)) this.overrides.set(id, structuredClone(o));
  }

  /** Builds the initial snapshot from options, throwing on invalid values (a bad CLI flag or
   * option should stop start-up, not surface on the first request). */
  static fromOptions(global: KnobsPatch | undefined, numbers: Record<string, KnobsOverride> | undefined): KnobStore {
    const g = patchSchema.safeParse(global ?? {});
    if (!g.success) throw new Error(`sandbox knobs: ${describe(g.error)}`);
    const n = z.record(z.string(), overrideSchema).safeParse(numbers ?? {});
    if (!n.success) throw new Error(`sandbox knobs.numbers: ${describe(n.error)}`);
    return new KnobStore({ global: merge(DEFAULT_KNOBS, g.data), numbers: n.data });
  }

  get knobs(): Knobs {
    return this.global;
  }

  forId(id: string | null): Effective {
    if (id === null || this.overrides.size === 0) return this.globalEff;
    let e = this.cache.get(id);
    if (!e) {
      const o = this.overrides.get(id);
      e = o ? effective(merge(this.global, o)) : this.globalEff;
      this.cache.set(id, e);
    }
    return e;
  }

  /** PATCH body: `{ global?: {...}, numbers?: { "<id>": {...} | null } }`; any other top-level
   * key is shorthand for a global knob. Validated whole before anything changes. */
  patch(body: unknown): { ok: true } | { ok: false; error: string } {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, error: 'body must be a JSON object' };
    const { global, numbers, ...shorthand } = body as Record<string, unknown>;
    const g = patchSchema.safeParse({ ...(typeof global === 'object' && global !== null ? global : {}), ...shorthand });
    if (!g.success) return { ok: false, error: describe(g.error) };
    const n = z.record(z.string(), overrideSchema.nullable()).safeParse(numbers ?? {});
    if (!n.success) return { ok: false, error: `numbers.${describe(n.error)}` };
    this.global = merge(this.global, g.data);
    this.globalEff = effective(this.global);
    for (const [id, o] of Object.entries(n.data)) {
      if (o === null) this.overrides.delete(id);
      else {
        const prev = this.overrides.get(id) ?? {};
        const next: KnobsOverride = { ...prev, ...o };
        if (o.statusDelaysMs) next.statusDelaysMs = { ...prev.statusDelaysMs, ...o.statusDelaysMs };
        this.overrides.set(id, next);
      }
    }
    this.cache.clear();
    return { ok: true };
  }

  snapshot(): KnobsSnapshot {
    return { global: structuredClone(this.global), numbers: Object.fromEntries([...this.overrides].map(([k, v]) => [k, structuredClone(v)])) };
  }

  reset(): void {
    this.global = structuredClone(this.initial.global);
    this.globalEff = effective(this.global);
    this.overrides = new Map(Object.entries(structuredClone(this.initial.numbers)));
    this.cache.clear();
  }
}
