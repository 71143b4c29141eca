// /v1/conversations: create, retrieve, update, delete and the items sub-resource.
import { normalizeInput } from './items.ts';
import type { RouteCtx, RouteResult, SimState, StoredConversation } from './state.ts';
import { SimError, invalidType, isRecord, toSeconds } from './util.ts';

const MAX_CREATE_ITEMS = 20; // the real API's limit for `items` on create

export function publicConversation(c: StoredConversation) {
  return { id: c.id, object: 'conversation' as const, created_at: c.created_at, metadata: c.metadata };
}

/** Looks up a live conversation or throws the 404 the API gives for unknown/deleted ids. */
export function getConversation(state: SimState, id: string, param: string | null = null): StoredConversation {
  const c = state.conversations.get(id);
  if (!c || c.deleted) throw new SimError(404, `Conversation with id '${id}' not found.`, 'invalid_request_error', param);
  return c;
}

function metadataOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const m = body.metadata;
  if (m === undefined || m === null) return undefined;
  if (!isRecord(m)) throw invalidType('metadata', 'an object');
  if (Object.keys(m).length > 16) throw new SimError(400, 'Invalid metadata: at most 16 keys are allowed.', 'invalid_request_error', 'metadata');
  return m;
}

export function createConversation({ state, body }: RouteCtx): RouteResult {
  const b = isRecord(body) ? body : {};
  const items = b.items === undefined || b.items === null ? [] : normalizeInput(b.items, state.newId, 'items');
  if (items.length > MAX_CREATE_ITEMS) {
    throw new SimError(400, `Invalid 'items': array too long. Expected at most ${MAX_CREATE_ITEMS} items.`, 'invalid_request_error', 'items', 'array_above_max_length');
  }
  const now = toSeconds(state.now());
  const c: StoredConversation = {
    id: state.newId('conv_'),
    created_at: now,
    last_activity_at: now,
    metadata: metadataOf(b) ?? {},
    items,
    deleted: false,
  };
  state.conversations.set(c.id, c);
  return { body: publicConversation(c) };
}

export function retrieveConversation({ state, params }: RouteCtx): RouteResult {
  return { body: publicConversation(getConversation(state, params[0])) };
}

export function updateConversation({ state, params, body }: RouteCtx): RouteResult {
  const c = getConversation(state, params[0]);
  const b = isRecord(body) ? body : {};
  if (!('metadata' in b)) throw new SimError(400, "Missing required parameter: 'metadata'.", 'invalid_request_error', 'metadata', 'missing_required_parameter');
  c.metadata = metadataOf(b) ?? {};
  return { body: publicConversation(c) };
}

export function deleteConversation({ state, params }: RouteCtx): RouteResult {
  const c = getConversation(state, params[0]);
  c.deleted = true;
  return { body: { id: c.id, object: 'conversation.deleted', deleted: true } };
}

/** Cursor list like the API: default order desc, limit 1..100 (default 20), `after` an item id. */
export function listItems({ state, params, query }: RouteCtx): RouteResult {
  const c = getConversation(state, params[0]);
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw new SimError(400, `Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'invalid_request_error', 'order', 'invalid_value');
  }
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new SimError(400, "Invalid 'limit': integer between 1 and 100 expected.", 'invalid_request_error', 'limit', 'invalid_value');
  }
  let list = order === 'asc' ? [...c.items] : [...c.items].reverse();
  const after = query.get('after');
  if (after) {
    const at = list.findIndex((i) => i.id === after);
    list = at >= 0 ? list.slice(at + 1) : [];
  }
  const page = list.slice(0, limit);
  return {
    body: {
      object: 'list',
      data: page,
      first_id: page[0]?.id ?? null,
      last_id: page[page.length - 1]?.id ?? null,
      has_more: list.length > page.length,
    },
  };
}

export function createItems({ state, params, body }: RouteCtx): RouteResult {
  const c = getConversation(state, params[0]);
  const b = isRecord(body) ? body : {};
  if (b.items === undefined) throw new SimError(400, "Missing required parameter: 'items'.", 'invalid_request_error', 'items', 'missing_required_parameter');
  const items = normalizeInput(b.items, state.newId, 'items');
  c.items.push(...items);
  c.last_activity_at = toSeconds(state.now());
  return { body: { object: 'list', data: items, first_id: items[0]?.id ?? null, last_id: items.at(-1)?.id ?? null, has_more: false } };
}

export function retrieveItem({ state, params }: RouteCtx): RouteResult {
  const c = getConversation(state, params[0]);
  const item = c.items.find((i) => i.id === params[1]);
  if (!item) throw new SimError(404, `Item with id '${params[1]}' not found.`, 'invalid_request_error', null);
  return { body: item };
}

export function deleteItem({ state, params }: RouteCtx): RouteResult {
  const c = getConversation(state, params[0]);
  const at = c.items.findIndex((i) => i.id === params[1]);
  if (at < 0) throw new SimError(404, `Item with id '${params[1]}' not found.`, 'invalid_request_error', null);
  c.items.splice(at, 1);
  return { body: publicConversation(c) };
}
