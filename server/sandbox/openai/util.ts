// Small shared pieces of the OpenAI simulator: ids, token estimates and OpenAI-shaped errors
// (seeded randomness comes from ../rng.ts, shared with the Graph simulator).

/** Ids look like OpenAI's (prefix + hex) but come from a seeded stream so runs repeat. */
export function idMaker(random: () => number): (prefix: string, hexLen?: number) => string {
  return (prefix, hexLen = 48) => {
    let s = '';
    while (s.length < hexLen) s += Math.floor(random() * 16).toString(16);
    return prefix + s;
  };
}

/** Deterministic token estimate; the real tokenizer averages ~4 chars per token in English. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export type OpenAiErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};

/** Thrown by route handlers; turned into `{error:{...}}` with the given status. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function missingParam(param: string): SimError {
  return new SimError(400, `Missing required parameter: '${param}'.`, 'invalid_request_error', param, 'missing_required_parameter');
}

export function invalidType(param: string, expected: string): SimError {
  return new SimError(400, `Invalid type for '${param}': expected ${expected}.`, 'invalid_request_error', param, 'invalid_type');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Seconds since epoch, the unit OpenAI uses for created_at. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
