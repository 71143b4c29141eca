// Runtime knobs of the OpenAI simulator: what tests change to script replies
// and inject slowness or failures. PATCH /control/openai/knobs merges a partial
// object into the current knobs; `null` for a knob restores its default.
import { z } from 'zod';

export type ReplyRule = {
  /** Case-insensitive substring of the last user message, or `/regex/flags`. */
  match: string;
  /** Reply text; `{{input}}` is replaced with the last user message. */
  reply: string;
};

/** The model calls function `name` (when the request offers it) instead of answering, on a matching message. */
export type ToolCallRule = {
  /** As ReplyRule.match. */
  match: string;
  name: string;
  /** The call's arguments (sent as a JSON string, as the API does). */
  arguments: Record<string, unknown>;
};

export type Knobs = {
  latencyMs: number | { minMs: number; maxMs: number };
  error500: { rate: number; failNext: number; status: number };
  rateLimit429: {
    rate: number;
    failNext: number;
    /** May be fractional; sent as `retry-after` (whole seconds, rounded up) and `retry-after-ms`. */
    retryAfterSeconds: number;
    code: 'rate_limit_exceeded' | 'insufficient_quota';
  };
  /** Path prefixes (e.g. `/v1/responses`) that faults apply to; null = every /v1 route. */
  faultPaths: string[] | null;
  replies: ReplyRule[];
  toolCalls: ToolCallRule[];
  /** Reply when no rule matches. */
  defaultReply: string;
  /** json_schema name -> object returned verbatim as the JSON output (a string is returned raw). */
  jsonOverride: Record<string, unknown>;
  /** Bearer keys answered with 401 invalid_api_key. */
  invalidKeys: string[];
};

export function defaultKnobs(): Knobs {
  return {
    latencyMs: 0,
    error500: { rate: 0, failNext: 0, status: 500 },
    rateLimit429: { rate: 0, failNext: 0, retryAfterSeconds: 1, code: 'rate_limit_exceeded' },
    faultPaths: null,
    replies: [],
    toolCalls: [],
    defaultReply: 'Echo: {{input}}',
    jsonOverride: {},
    invalidKeys: [],
  };
}

const probability = z.number().min(0).max(1);
const count = z.number().int().min(0);
const replyRule = z.strictObject({ match: z.string().min(1), reply: z.string() });
const toolCallRule = z.strictObject({ match: z.string().min(1), name: z.string().min(1), arguments: z.record(z.string(), z.unknown()) });

// Shorthands are accepted (a number for a rate, a map for replies) so test code stays short.
const patchSchema = z.strictObject({
  latencyMs: z
    .union([z.number().min(0), z.strictObject({ minMs: z.number().min(0), maxMs: z.number().min(0) })])
    .nullable(),
  errorRate500: probability.nullable(),
  error500: z
    .union([
      probability,
      z.strictObject({ rate: probability, failNext: count, status: z.number().int().min(500).max(599) }).partial(),
    ])
    .nullable(),
  rateLimit429: z
    .union([
      probability,
      z
        .strictObject({
          rate: probability,
          failNext: count,
          retryAfterSeconds: z.number().min(0),
          code: z.enum(['rate_limit_exceeded', 'insufficient_quota']),
        })
        .partial(),
    ])
    .nullable(),
  faultPaths: z.array(z.string()).nullable(),
  replies: z.union([z.array(replyRule), z.record(z.string(), z.string())]).nullable(),
  defaultReply: z.string().nullable(),
  jsonOverride: z.record(z.string(), z.unknown()).nullable(),
  toolCalls: z.array(toolCallRule).nullable(),
  invalidKeys: z.array(z.string()).nullable(),
}).partial();

export type KnobsPatch = z.input<typeof patchSchema>;

/** Validates a patch; returns an error message instead of throwing so callers can answer 400. */
export function applyKnobs(current: Knobs, input: unknown): { knobs: Knobs } | { error: string } {
  const parsed = patchSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { error: `Invalid knobs: ${issues.join('; ')}` };
  }
  const p = parsed.data;
  const d = defaultKnobs();
  const next: Knobs = structuredClone(current);
  if (p.latencyMs !== undefined) {
    if (p.latencyMs !== null && typeof p.latencyMs === 'object' && p.latencyMs.minMs > p.latencyMs.maxMs) {
      return { error: 'Invalid knobs: latencyMs: minMs must be <= maxMs' };
    }
    next.latencyMs = p.latencyMs ?? d.latencyMs;
  }
  if (p.errorRate500 !== undefined) next.error500.rate = p.errorRate500 ?? 0;
  if (p.error500 !== undefined) {
    if (p.error500 === null) next.error500 = d.error500;
    else if (typeof p.error500 === 'number') next.error500.rate = p.error500;
    else next.error500 = { ...next.error500, ...p.error500 };
  }
  if (p.rateLimit429 !== undefined) {
    if (p.rateLimit429 === null) next.rateLimit429 = d.rateLimit429;
    else if (typeof p.rateLimit429 === 'number') next.rateLimit429.rate = p.rateLimit429;
    else next.rateLimit429 = { ...next.rateLimit429, ...p.rateLimit429 };
  }
  if (p.faultPaths !== undefined) next.faultPaths = p.faultPaths;
  if (p.replies !== undefined) {
    const r = p.replies ?? [];
    next.replies = Array.isArray(r) ? r : Object.entries(r).map(([match, reply]) => ({ match, reply }));
    const bad = next.replies.find((rule) => toMatcher(rule.match) === null);
    if (bad) return { error: `Invalid knobs: replies: bad regular expression ${bad.match}` };
  }
  if (p.toolCalls !== undefined) {
    next.toolCalls = p.toolCalls ?? [];
    const bad = next.toolCalls.find((rule) => toMatcher(rule.match) === null);
    if (bad) return { error: `Invalid knobs: toolCalls: bad regular expression ${bad.match}` };
  }
  if (p.defaultReply !== undefined) next.defaultReply = p.defaultReply ?? d.defaultReply;
  if (p.jsonOverride !== undefined) next.jsonOverride = p.jsonOverride ?? {};
  if (p.invalidKeys !== undefined) next.invalidKeys = p.invalidKeys ?? [];
  return { knobs: next };
}

/** `/re/flags` is a regex; anything else a case-insensitive substring. Null if the regex is invalid. */
function toMatcher(match: string): ((text: string) => boolean) | null {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(match);
  if (!m) {
    const needle = match.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
  try {
    const re = new RegExp(m[1], m[2].replace('g', ''));
    return (text) => re.test(text);
  } catch {
    return null;
  }
}

/** The first tool-call rule that matches the message and names a function the request offers. */
export function pickToolCall(knobs: Knobs, lastUserText: string, offered: string[]): ToolCallRule | null {
  return knobs.toolCalls.find((r) => offered.includes(r.name) && toMatcher(r.match)?.(lastUserText)) ?? null;
}

/** First matching rule wins so tests can put specific rules before catch-alls. */
export function pickReply(knobs: Knobs, lastUserText: string): string {
  const rule = knobs.replies.find((r) => toMatcher(r.match)?.(lastUserText));
  const template = rule ? rule.reply : knobs.defaultReply;
  return template.replaceAll('{{input}}', lastUserText);
}
