// POST /v1/responses (plus retrieve/delete): the Responses API as Parley uses it —
// input + instructions or a stored prompt, optional conversation or
// previous_response_id for context, and json_schema structured output.
import { getConversation } from './conversations.ts';
import { lastUserText, message, normalizeInput, textOf, type Item } from './items.ts';
import { pickReply, pickToolCall, type Knobs } from './knobs.ts';
import { resolvePrompt } from './prompts.ts';
import { generateFromSchema } from './schema-gen.ts';
import { MAX_STORED_RESPONSES, type RouteCtx, type RouteResult, type SimState } from './state.ts';
import { SimError, countTokens, invalidType, isRecord, missingParam, toSeconds } from './util.ts';

export type OutputFormat = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; name: string; schema: unknown };

/** Validates `text.format` / `response_format` the way the API does (name and schema required). */
export function parseFormat(format: unknown, param: string): OutputFormat {
  if (format === undefined || format === null) return { kind: 'text' };
  if (!isRecord(format)) throw invalidType(param, 'an object');
  if (format.type === 'text' || format.type === 'json_object') return { kind: format.type };
  if (format.type !== 'json_schema') {
    throw new SimError(400, `Invalid value: '${String(format.type)}'. Supported values are: 'text', 'json_object' and 'json_schema'.`, 'invalid_request_error', `${param}.type`, 'invalid_value');
  }
  // Chat nests {name, schema} under json_schema; Responses puts them on the format itself.
  const spec = isRecord(format.json_schema) ? format.json_schema : format;
  const where = isRecord(format.json_schema) ? `${param}.json_schema` : param;
  if (typeof spec.name !== 'string' || !spec.name) throw missingParam(`${where}.name`);
  if (!isRecord(spec.schema)) throw missingParam(`${where}.schema`);
  return { kind: 'json_schema', name: spec.name, schema: spec.schema };
}

/** The assistant text: a scripted/echo reply, or JSON for structured output. */
export function outputText(format: OutputFormat, knobs: Knobs, userText: string): string {
  const reply = pickReply(knobs, userText);
  if (format.kind === 'text') return reply;
  if (format.kind === 'json_object') return JSON.stringify({ reply });
  const override = knobs.jsonOverride[format.name];
  // A string override is sent raw so tests can exercise the app's handling of bad JSON.
  if (typeof override === 'string') return override;
  return JSON.stringify(override !== undefined ? override : generateFromSchema(format.schema));
}

function conversationId(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v.id === 'string') return v.id;
  throw invalidType('conversation', "a conversation id string or an object with 'id'");
}

export function createResponse({ state, body }: RouteCtx): RouteResult {
  if (!isRecord(body)) throw invalidType('(body)', 'a JSON object');
  if (body.stream === true) {
    throw new SimError(400, 'stream: true is not supported by the Parley OpenAI simulator; send a non-streaming request.', 'invalid_request_error', 'stream', 'unsupported_value');
  }
  const prompt = body.prompt !== undefined && body.prompt !== null ? resolvePrompt(state.prompts, body.prompt) : undefined;
  const model = typeof body.model === 'string' && body.model ? body.model : prompt?.version.model;
  if (!model) throw missingParam('model');
  // A prompt may carry the whole conversation, so input is only required without one.
  if ((body.input === undefined || body.input === null) && !prompt) throw missingParam('input');
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string') {
    throw invalidType('instructions', 'a string');
  }
  if (body.metadata !== undefined && body.metadata !== null && !isRecord(body.metadata)) throw invalidType('metadata', 'an object');
  const format = parseFormat(isRecord(body.text) ? body.text.format : undefined, 'text.format');

  const convId = conversationId(body.conversation);
  const prevId = typeof body.previous_response_id === 'string' ? body.previous_response_id : undefined;
  if (convId && prevId) {
    throw new SimError(400, "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.", 'invalid_request_error', null, 'mutually_exclusive_parameters');
  }
  const conversation = convId ? getConversation(state, convId, 'conversation') : undefined;
  const previous = prevId ? state.responses.get(prevId) : undefined;
  if (prevId && !previous) {
    throw new SimError(404, `Previous response with id '${prevId}' not found.`, 'invalid_request_error', 'previous_response_id', 'previous_response_not_found');
  }

  const newItems = body.input === undefined || body.input === null ? [] : normalizeInput(body.input, state.newId);
  const context: Item[] = conversation ? [...conversation.items] : previous ? [...previous.context, ...previous.output] : [];
  const pendingCall = unansweredCall(context, newItems);
  if (pendingCall) {
    throw new SimError(400, `No tool output found for function call ${pendingCall}.`, 'invalid_request_error', 'input', null);
  }
  const userText = lastUserText(newItems, context);
  const call = pickToolCall(state.knobs, userText, functionTools(body.tools));
  const text = call ? '' : outputText(format, state.knobs, userText);
  const output = call
    ? [{ id: state.newId('fc_'), type: 'function_call', status: 'completed', call_id: state.newId('call_'), name: call.name, arguments: JSON.stringify(call.arguments) }]
    : [message('assistant', text, state.newId)];

  const instructionParts = [prompt?.text, body.instructions as string | undefined].filter((s): s is string => !!s);
  const instructionsText = instructionParts.join('\n\n');
  const inputTokens = countTokens(instructionsText) + [...context, ...newItems].reduce((n, i) => n + countTokens(textOf(i)), 0);
  const outputTokens = countTokens(text);
  const now = toSeconds(state.now());

  const response: Record<string, unknown> = {
    id: state.newId('resp_'),
    object: 'response',
    created_at: now,
    status: 'completed',
    completed_at: now,
    background: false,
    error: null,
    incomplete_details: null,
    // With a prompt the API returns the rendered prompt as input items, not a string.
    instructions: prompt
      ? instructionParts.map((t) => ({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: t }] }))
      : ((body.instructions as string | undefined) ?? null),
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: prevId ?? null,
    prompt: prompt ? { id: prompt.version.id, version: prompt.version.version, variables: prompt.variables } : null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: body.store !== false,
    temperature: body.temperature ?? 1,
    text: { format: isRecord(body.text) && body.text.format ? body.text.format : { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
    conversation: conversation ? { id: conversation.id } : null,
  };
  if (typeof body.user === 'string') response.user = body.user;

  if (conversation) {
    conversation.items.push(...newItems, ...output);
    conversation.last_activity_at = now;
  }
  if (body.store !== false) remember(state, response.id as string, { context: [...context, ...newItems], output, object: response });
  // The note lands in the request log so tests can assert what the "model" saw.
  return { body: response, note: { instructions: instructionsText || null, lastUserText: userText, conversation: conversation?.id ?? null } };
}

/** The names of the function tools a request offers (validated the way the API does). */
function functionTools(tools: unknown): string[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw invalidType('tools', 'an array');
  return tools.map((t, i) => {
    if (!isRecord(t) || typeof t.type !== 'string') throw invalidType(`tools[${i}]`, 'a tool object with a type');
    if (t.type !== 'function') return null;
    if (typeof t.name !== 'string' || !t.name) throw missingParam(`tools[${i}].name`);
    if (t.parameters !== undefined && t.parameters !== null && !isRecord(t.parameters)) throw invalidType(`tools[${i}].parameters`, 'an object');
    return t.name;
  }).filter((n): n is string => n !== null);
}

/** A function call in the context that neither the context nor the new input answers (the API refuses to go on). */
function unansweredCall(context: Item[], input: Item[]): string | null {
  const answered = new Set([...context, ...input].filter((i) => i.type === 'function_call_output').map((i) => i.call_id));
  const call = context.find((i) => i.type === 'function_call' && !answered.has(i.call_id));
  return call ? String(call.call_id) : null;
}

function remember(state: SimState, id: string, entry: { context: Item[]; output: Item[]; object: Record<string, unknown> }): void {
  state.responses.set(id, entry);
  if (state.responses.size > MAX_STORED_RESPONSES) {
    const oldest = state.responses.keys().next().value;
    if (oldest !== undefined) state.responses.delete(oldest);
  }
}

function storedResponse(state: SimState, id: string) {
  const r = state.responses.get(id);
  if (!r) throw new SimError(404, `Response with id '${id}' not found.`, 'invalid_request_error', null);
  return r;
}

export function retrieveResponse({ state, params }: RouteCtx): RouteResult {
  return { body: storedResponse(state, params[0]).object };
}

export function deleteResponse({ state, params }: RouteCtx): RouteResult {
  storedResponse(state, params[0]);
  state.responses.delete(params[0]);
  return { body: { id: params[0], object: 'response.deleted', deleted: true } };
}
