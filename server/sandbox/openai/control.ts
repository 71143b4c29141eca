// /control/openai/*: test-only endpoints to script the simulator and inspect
// what the app sent. No auth, no latency, no faults, not logged.
import { applyKnobs } from './knobs.ts';
import { seedPrompts } from './prompts.ts';
import type { SimState, StoredConversation } from './state.ts';
import { SimError, isRecord } from './util.ts';

export type LogEntry = {
  seq: number;
  /** Arrival time, ms since epoch (from the injectable clock). */
  time: number;
  method: string;
  /** Path without the query string, e.g. `/v1/responses`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; the raw text when it was not valid JSON; null when empty. */
  body: unknown;
  status: number;
  durationMs: number;
  /** Last 4 characters of the bearer key, enough to tell workspaces' keys apart. */
  apiKeyHint: string | null;
  /** What the simulator derived, e.g. rendered prompt instructions and the user text replied to. */
  note?: Record<string, unknown>;
};

export type ControlHost = {
  state: SimState;
  log: LogEntry[];
  reset(): void;
};

export type ControlResult = { status: number; body: unknown };

const DAY_SECONDS = 86_400;

function conversationView(c: StoredConversation) {
  return { ...c, item_count: c.items.length };
}

/** Routes one control request; throws SimError for 4xx. */
export function handleControl(host: ControlHost, method: string, path: string, query: URLSearchParams, body: unknown): ControlResult {
  const { state } = host;
  const route = `${method} ${path.replace(/^\/control\/openai/, '')}`;
  const convMatch = /^\/conversations\/([^/]+)$/.exec(path.replace(/^\/control\/openai/, ''));

  switch (route) {
    case 'GET /knobs':
      return { status: 200, body: state.knobs };
    case 'PATCH /knobs':
    case 'POST /knobs': {
      const result = applyKnobs(state.knobs, body ?? {});
      if ('error' in result) throw new SimError(400, result.error, 'invalid_request_error', 'knobs');
      state.knobs = result.knobs;
      return { status: 200, body: state.knobs };
    }
    case 'POST /reset':
      host.reset();
      return { status: 200, body: { ok: true } };
    case 'GET /prompts':
      return { status: 200, body: { data: [...state.prompts.values()].flat() } };
    case 'POST /prompts':
      return { status: 200, body: { data: seedPrompts(state.prompts, body) } };
    case 'GET /requests':
      return { status: 200, body: requestLog(host.log, query) };
    case 'DELETE /requests':
      host.log.length = 0;
      return { status: 200, body: { ok: true } };
    case 'GET /conversations':
      return { status: 200, body: { data: [...state.conversations.values()].map(conversationView) } };
  }
  if (convMatch) {
    const c = state.conversations.get(decodeURIComponent(convMatch[1]));
    if (!c) throw new SimError(404, `Conversation with id '${convMatch[1]}' not found.`, 'invalid_request_error', null);
    if (method === 'GET') return { status: 200, body: conversationView(c) };
    if (method === 'PATCH') return { status: 200, body: conversationView(ageConversation(c, body)) };
  }
  throw new SimError(404, `Unknown control route (${method} ${path}).`, 'invalid_request_error', null);
}

function requestLog(log: LogEntry[], query: URLSearchParams) {
  const path = query.get('path');
  const method = query.get('method')?.toUpperCase();
  const limitRaw = query.get('limit');
  const limit = limitRaw === null ? Infinity : Number(limitRaw);
  if (!(limit >= 0)) throw new SimError(400, "Invalid 'limit': a non-negative number expected.", 'invalid_request_error', 'limit');
  const matching = log.filter((e) => (!path || e.path.startsWith(path)) && (!method || e.method === method));
  // Newest last (chronological), keeping only the newest `limit` entries.
  const data = limit === Infinity ? matching : matching.slice(Math.max(0, matching.length - limit));
  return { data, total: matching.length };
}

/**
 * Lets an app test pretend time passed: `{ageDays}` shifts created_at and
 * last_activity_at back; explicit `created_at` / `last_activity_at` (seconds) set them.
 */
function ageConversation(c: StoredConversation, body: unknown): StoredConversation {
  if (!isRecord(body)) throw new SimError(400, 'Body must be a JSON object.', 'invalid_request_error', null);
  for (const key of ['ageDays', 'created_at', 'last_activity_at']) {
    if (body[key] !== undefined && typeof body[key] !== 'number') {
      throw new SimError(400, `${key} must be a number.`, 'invalid_request_error', key);
    }
  }
  if (typeof body.ageDays === 'number') {
    const shift = Math.round(body.ageDays * DAY_SECONDS);
    c.created_at -= shift;
    c.last_activity_at -= shift;
  }
  if (typeof body.created_at === 'number') c.created_at = Math.floor(body.created_at);
  if (typeof body.last_activity_at === 'number') c.last_activity_at = Math.floor(body.last_activity_at);
  return c;
}
