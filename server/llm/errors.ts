import OpenAI from 'openai';

// What an LLM failure may tell the user: the HTTP status, a title we wrote, and OpenAI's error
// code when it is one we know. Never the server's own message: any OpenAI-compatible server can
// put anything there (OpenAI itself echoes part of the key), and a hostile one can echo headers.

const STATUS_TITLES: Record<number, string> = {
  400: 'the request was refused (check the model name)',
  401: 'invalid API key',
  403: 'the API key is not allowed to do this',
  404: 'not found (check the base URL, model or prompt id)',
  408: 'the server timed out',
  409: 'conflict',
  413: 'the request is too large',
  422: 'the request was refused',
  429: 'rate limit or quota exceeded',
};

const KNOWN_CODES = new Set([
  'invalid_api_key',
  'insufficient_quota',
  'rate_limit_exceeded',
  'model_not_found',
  'context_length_exceeded',
  'invalid_prompt',
  'unsupported_model',
  'conversation_not_found',
  'server_error',
]);

/** A one-line, secret-free summary, e.g. "the LLM server answered 401: invalid API key (invalid_api_key)". */
export function summarizeLlmError(err: unknown): string {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return 'the LLM server did not answer in time';
  if (err instanceof OpenAI.APIUserAbortError) return 'the LLM request was aborted';
  if (err instanceof OpenAI.APIConnectionError) return 'the LLM server could not be reached';
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const title = STATUS_TITLES[err.status] ?? (err.status >= 500 ? 'server error' : 'the request failed');
    const code = typeof err.code === 'string' && KNOWN_CODES.has(err.code) ? ` (${err.code})` : '';
    return `the LLM server answered ${err.status}: ${title}${code}`;
  }
  return 'the LLM request failed';
}

/** The raw message for a debug log, with anything shaped like a key or bearer token masked. */
export function redactedDetail(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw
    .replace(/\b(Bearer\s+)\S+/gi, '$1[redacted]')
    .replace(/\b(sk|pk|rk|key|sess)[-_][A-Za-z0-9_\-*.]{6,}/gi, '[redacted]')
    .slice(0, 500);
}
