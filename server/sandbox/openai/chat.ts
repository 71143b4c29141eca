// POST /v1/chat/completions (non-streaming) and GET /v1/models.
import { lastUserText, textOf } from './items.ts';
import { outputText, parseFormat } from './responses.ts';
import type { RouteCtx, RouteResult } from './state.ts';
import { SimError, countTokens, invalidType, isRecord, missingParam, toSeconds } from './util.ts';

const CHAT_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

export function createChatCompletion({ state, body }: RouteCtx): RouteResult {
  if (!isRecord(body)) throw invalidType('(body)', 'a JSON object');
  if (typeof body.model !== 'string' || !body.model) throw missingParam('model');
  if (body.messages === undefined) throw missingParam('messages');
  if (!Array.isArray(body.messages)) throw invalidType('messages', 'an array');
  if (body.messages.length === 0) {
    throw new SimError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'invalid_request_error', 'messages', 'empty_array');
  }
  const messages = body.messages.map((m, i) => {
    if (!isRecord(m)) throw invalidType(`messages[${i}]`, 'an object');
    if (typeof m.role !== 'string' || !CHAT_ROLES.includes(m.role)) {
      throw new SimError(400, `Invalid value: '${String(m.role)}'. Supported values are: ${CHAT_ROLES.map((r) => `'${r}'`).join(', ')}.`, 'invalid_request_error', `messages[${i}].role`, 'invalid_value');
    }
    return m;
  });
  if (body.stream === true) {
    throw new SimError(400, 'stream: true is not supported by the Parley OpenAI simulator; send a non-streaming request.', 'invalid_request_error', 'stream', 'unsupported_value');
  }
  const format = parseFormat(body.response_format, 'response_format');
  const userText = lastUserText(messages, []);
  const content = outputText(format, state.knobs, userText);
  const promptTokens = messages.reduce((n, m) => n + countTokens(textOf(m)), 0);
  const completionTokens = countTokens(content);
  return {
    body: {
      id: state.newId('chatcmpl-', 29),
      object: 'chat.completion',
      created: toSeconds(state.now()),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null, annotations: [] },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_parley_sim',
    },
    note: { lastUserText: userText },
  };
}

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1', 'gpt-5-mini', 'gpt-5'];

function model(id: string) {
  // A fixed date keeps the listing deterministic.
  return { id, object: 'model', created: 1_715_367_049, owned_by: 'system' };
}

export function listModels(): RouteResult {
  return { body: { object: 'list', data: MODELS.map(model) } };
}

export function retrieveModel({ params }: RouteCtx): RouteResult {
  if (!MODELS.includes(params[0])) {
    throw new SimError(404, `The model '${params[0]}' does not exist`, 'invalid_request_error', 'model', 'model_not_found');
  }
  return { body: model(params[0]) };
}
