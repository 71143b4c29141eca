// OpenAI-compatible simulator (issue #3, point 5): enough of /v1/responses,
// /v1/conversations and /v1/chat/completions for the official openai SDK to
// work unchanged via baseURL, with deterministic replies, scripted faults and a
// request log. Mounted by the Graph simulator, which forwards `/v1/*` and
// `/control/openai/*` here with the body already read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createChatCompletion, listModels, retrieveModel } from './chat.ts';
import { handleControl, type LogEntry } from './control.ts';
import {
  createConversation, createItems, deleteConversation, deleteItem, listItems, retrieveConversation, retrieveItem, updateConversation,
} from './conversations.ts';
import { applyKnobs, defaultKnobs, type Knobs, type KnobsPatch } from './knobs.ts';
import { createResponse, deleteResponse, retrieveResponse } from './responses.ts';
import type { RouteCtx, RouteResult, SimState } from './state.ts';
import { seededRng } from '../rng.ts';
import { SimError, idMaker } from './util.ts';

export type { Knobs, KnobsPatch, LogEntry };

export type OpenAiSimOptions = {
  /** Shorthand for knobs.latencyMs. */
  latencyMs?: number;
  /** Seeds ids and fault/latency randomness; same seed + same requests = same answers. */
  seed?: number;
  /** Clock in ms since epoch (created_at values, log times). */
  now?: () => number;
  /** Overrides the seeded generator used for fault rates and latency ranges. */
  random?: () => number;
  /** Initial knobs; reset() returns to these. */
  knobs?: KnobsPatch;
};

export type OpenAiSim = {
  handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void>;
  reset(): void;
  close(): void;
};

const MAX_LOG = 10_000;

type Route = { method: string; pattern: RegExp; run: (ctx: RouteCtx) => RouteResult };
const ID = '([^/]+)';
const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/v1\/responses$/, run: createResponse },
  { method: 'GET', pattern: new RegExp(`^/v1/responses/${ID}$`), run: retrieveResponse },
  { method: 'DELETE', pattern: new RegExp(`^/v1/responses/${ID}$`), run: deleteResponse },
  { method: 'POST', pattern: /^\/v1\/conversations$/, run: createConversation },
  { method: 'GET', pattern: new RegExp(`^/v1/conversations/${ID}$`), run: retrieveConversation },
  { method: 'POST', pattern: new RegExp(`^/v1/conversations/${ID}$`), run: updateConversation },
  { method: 'DELETE', pattern: new RegExp(`^/v1/conversations/${ID}$`), run: deleteConversation },
  { method: 'GET', pattern: new RegExp(`^/v1/conversations/${ID}/items$`), run: listItems },
  { method: 'POST', pattern: new RegExp(`^/v1/conversations/${ID}/items$`), run: createItems },
  { method: 'GET', pattern: new RegExp(`^/v1/conversations/${ID}/items/${ID}$`), run: retrieveItem },
  { method: 'DELETE', pattern: new RegExp(`^/v1/conversations/${ID}/items/${ID}$`), run: deleteItem },
  { method: 'POST', pattern: /^\/v1\/chat\/completions$/, run: createChatCompletion },
  { method: 'GET', pattern: /^\/v1\/models$/, run: listModels },
  { method: 'GET', pattern: new RegExp(`^/v1/models/${ID}$`), run: retrieveModel },
];

type Answer = { status: number; body: unknown; headers?: Record<string, string>; note?: Record<string, unknown> };

export function createOpenAiSim(options: OpenAiSimOptions = {}): OpenAiSim {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 1;
  const initial = applyKnobs(defaultKnobs(), { ...options.knobs, ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}) });
  if ('error' in initial) throw new Error(`createOpenAiSim: ${initial.error}`);
  const initialKnobs: Knobs = initial.knobs;

  let random: () => number;
  let state: SimState;
  let seq = 0;
  const log: LogEntry[] = [];
  const sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  let closed = false;

  function reset(): void {
    // Separate streams so enabling a fault knob does not change the ids tests see.
    random = options.random ?? seededRng(seed ^ 0x9e3779b9);
    state = {
      knobs: structuredClone(initialKnobs),
      now,
      newId: idMaker(seededRng(seed)),
      conversations: new Map(),
      prompts: new Map(),
      responses: new Map(),
    };
    log.length = 0;
    seq = 0;
  }
  reset();

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => { sleepers.delete(entry); resolve(); }, ms), wake: resolve };
      sleepers.add(entry);
    });
  }

  function latency(): number {
    const l = state.knobs.latencyMs;
    return typeof l === 'number' ? l : Math.round(l.minMs + random() * (l.maxMs - l.minMs));
  }

  /** failNext counters fire first; rates draw from the seeded generator only when non-zero. */
  function injectedFault(path: string): SimError | null {
    const k = state.knobs;
    if (k.faultPaths && !k.faultPaths.some((p) => path.startsWith(p))) return null;
    const rl = k.rateLimit429;
    if (rl.failNext > 0 || (rl.rate > 0 && random() < rl.rate)) {
      if (rl.failNext > 0) rl.failNext--;
      const quota = rl.code === 'insufficient_quota';
      const message = quota
        ? 'You exceeded your current quota, please check your plan and billing details.'
        : `Rate limit reached for requests. Limit: 500 / min. Please try again in ${rl.retryAfterSeconds}s.`;
      return new SimError(429, message, quota ? 'insufficient_quota' : 'requests', null, rl.code, {
        'retry-after': String(Math.ceil(rl.retryAfterSeconds)),
        'retry-after-ms': String(Math.round(rl.retryAfterSeconds * 1000)),
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${rl.retryAfterSeconds}s`,
      });
    }
    const e = k.error500;
    if (e.failNext > 0 || (e.rate > 0 && random() < e.rate)) {
      if (e.failNext > 0) e.failNext--;
      return new SimError(e.status, 'The server had an error while processing your request. Sorry about that!', 'server_error', null, null);
    }
    return null;
  }

  async function answerApi(req: IncomingMessage, method: string, url: URL, parsed: Parsed): Promise<Answer> {
    await sleep(latency());
    if (closed) throw new SimError(503, 'The OpenAI simulator was closed.', 'server_error');
    const key = bearer(req.headers.authorization);
    if (!key) {
      throw new SimError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error');
    }
    if (state.knobs.invalidKeys.includes(key)) {
      const masked = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '*****';
      throw new SimError(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', null, 'invalid_api_key');
    }
    const found = matchRoute(method, url.pathname);
    if (!found) throw new SimError(404, `Invalid URL (${method} ${url.pathname})`, 'invalid_request_error');
    const fault = injectedFault(url.pathname);
    if (fault) throw fault;
    if (!parsed.ok) throw malformedJson();
    const result = found.route.run({ state, body: parsed.value, query: url.searchParams, params: found.params });
    return { status: result.status ?? 200, body: result.body, note: result.note };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void> {
    const url = new URL(path, 'http://openai.sim');
    const method = (req.method ?? 'GET').toUpperCase();
    const parsed = parseJson(body);
    if (url.pathname.startsWith('/control/openai')) {
      let answer: Answer;
      try {
        if (!parsed.ok) throw malformedJson();
        answer = handleControl({ state, log, reset }, method, url.pathname, url.searchParams, parsed.value);
      } catch (err) {
        answer = errorAnswer(err);
      }
      return send(res, answer, null);
    }

    const time = now();
    const started = performance.now();
    let answer: Answer;
    try {
      answer = await answerApi(req, method, url, parsed);
    } catch (err) {
      answer = errorAnswer(err);
    }
    const requestId = state.newId('req_', 32);
    const entry: LogEntry = {
      seq: ++seq,
      time,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: parsed.ok ? (parsed.value ?? null) : parsed.raw,
      status: answer.status,
      durationMs: Math.round(performance.now() - started),
      apiKeyHint: bearer(req.headers.authorization)?.slice(-4) ?? null,
    };
    if (answer.note) entry.note = answer.note;
    log.push(entry);
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
    send(res, answer, requestId);
  }

  function close(): void {
    closed = true;
    for (const s of sleepers) {
      clearTimeout(s.timer);
      s.wake();
    }
    sleepers.clear();
  }

  return { handle, reset, close };
}

function matchRoute(method: string, path: string): { route: Route; params: string[] } | null {
  for (const route of ROUTES) {
    const m = route.method === method ? route.pattern.exec(path) : null;
    if (m) return { route, params: m.slice(1).map(decodeURIComponent) };
  }
  return null;
}

type Parsed = { ok: true; value: unknown } | { ok: false; raw: string };

function parseJson(body: Buffer): Parsed {
  if (body.length === 0) return { ok: true, value: undefined };
  const raw = body.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, raw };
  }
}

function malformedJson(): SimError {
  return new SimError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", 'invalid_request_error');
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

function errorAnswer(err: unknown): Answer {
  if (err instanceof SimError) return { status: err.status, body: err.toBody(), headers: err.headers };
  // A bug in the simulator itself: say so plainly rather than pretending to be OpenAI.
  const message = `OpenAI simulator internal error: ${err instanceof Error ? err.message : String(err)}`;
  return { status: 500, body: new SimError(500, message, 'server_error').toBody() };
}

function send(res: ServerResponse, answer: Answer, requestId: string | null): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...(requestId ? { 'x-request-id': requestId, 'openai-version': '2020-10-01', 'openai-processing-ms': '1' } : {}),
    ...answer.headers,
  });
  res.end(payload);
}
