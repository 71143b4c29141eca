// Turns Responses/Conversations API input into stored conversation items and
// pulls the plain text out of them (for replies and token counts).
import { SimError, invalidType, isRecord } from './util.ts';

export type Item = Record<string, unknown> & { id: string; type: string };

const ROLES = ['user', 'assistant', 'system', 'developer'];

/**
 * Accepts a string or an array of input items (EasyInputMessage `{role, content}`,
 * typed messages, function_call_output, ...). Messages are normalised to the
 * shape the Conversations API returns; other item types are kept as sent.
 */
export function normalizeInput(input: unknown, newId: (prefix: string) => string, param = 'input'): Item[] {
  if (typeof input === 'string') return [message('user', input, newId)];
  if (!Array.isArray(input)) throw invalidType(param, 'a string or an array of input items');
  return input.map((raw, i) => {
    const where = `${param}[${i}]`;
    if (!isRecord(raw)) throw invalidType(where, 'an object');
    const type = raw.type ?? 'message';
    if (type === 'message' || raw.role !== undefined) {
      const role = raw.role;
      if (typeof role !== 'string' || !ROLES.includes(role)) {
        throw new SimError(400, `Invalid value: '${String(role)}'. Supported values are: ${ROLES.map((r) => `'${r}'`).join(', ')}.`, 'invalid_request_error', `${where}.role`, 'invalid_value');
      }
      const content = normalizeContent(raw.content, role, `${where}.content`);
      return { ...message(role, '', newId), content, ...(typeof raw.id === 'string' ? { id: raw.id } : {}) };
    }
    if (typeof type !== 'string') throw invalidType(`${where}.type`, 'a string');
    return { ...raw, type, id: typeof raw.id === 'string' ? raw.id : newId(idPrefixFor(type)) };
  });
}

function idPrefixFor(type: string): string {
  if (type === 'function_call') return 'fc_';
  if (type === 'function_call_output') return 'fco_';
  return 'item_';
}

export function message(role: string, text: string, newId: (prefix: string) => string): Item {
  return {
    type: 'message',
    id: newId('msg_'),
    status: 'completed',
    role,
    content: [textPart(role, text)],
  };
}

function textPart(role: string, text: string): Record<string, unknown> {
  return role === 'assistant' ? { type: 'output_text', text, annotations: [], logprobs: [] } : { type: 'input_text', text };
}

function normalizeContent(content: unknown, role: string, param: string): Record<string, unknown>[] {
  if (typeof content === 'string') return [textPart(role, content)];
  if (!Array.isArray(content)) throw invalidType(param, 'a string or an array of content parts');
  return content.map((part, i) => {
    if (!isRecord(part) || typeof part.type !== 'string') throw invalidType(`${param}[${i}]`, 'a content part with a type');
    return part;
  });
}

/** Text of a message item (or chat message): string content or the text of its text parts. */
export function textOf(item: Record<string, unknown>): string {
  const c = item.content;
  if (typeof c === 'string') return c;
  if (!Array.isArray(c)) return typeof item.output === 'string' ? item.output : '';
  return c
    .map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : ''))
    .filter(Boolean)
    .join('\n');
}

/** The user text the reply is about: the newest user message in the new input, else in the context. */
export function lastUserText(newItems: Record<string, unknown>[], context: Record<string, unknown>[]): string {
  for (const list of [newItems, context]) {
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].role === 'user') return textOf(list[i]);
    }
  }
  return '';
}
