// Instagram and Messenger Send API errors -> what a sender should do. Keys on Meta's numeric code
// and subcode, never on titles or HTTP status (docs/meta-platform.md).

export type MessagingFailureKind = 'auth' | 'window' | 'rate_limit' | 'unavailable' | 'transient' | 'permanent' | 'network';

export interface MessagingFailure {
  ok: false;
  kind: MessagingFailureKind;
  retryable: boolean;
  code: number | null;
  subcode: number | null;
  httpStatus: number | null;
  reason: string;
}

/** Outside the 24-hour window: Instagram 10/2534022, Messenger 10/2018278, and 1545041 (alone or under 551). */
const WINDOW_SUBCODES = new Set([2534022, 2018278, 1545041]);
/** Application, user or page request limits. */
const RATE_LIMIT = new Set([4, 17, 32, 613]);
/** Meta's "temporary issue" / "service unavailable" codes. */
const TRANSIENT = new Set([1, 2]);

export function classifyMessagingError(httpStatus: number | null, error: { code?: unknown; error_subcode?: unknown; message?: unknown } | null): MessagingFailure {
  const code = typeof error?.code === 'number' ? error.code : null;
  const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : null;
  const message = typeof error?.message === 'string' ? error.message : null;
  const base = { ok: false as const, code, subcode, httpStatus, reason: message ?? (httpStatus ? `HTTP ${httpStatus}` : 'no response') };
  if (code === 190) return { ...base, kind: 'auth', retryable: false };
  if ((subcode !== null && WINDOW_SUBCODES.has(subcode)) || code === 1545041) return { ...base, kind: 'window', retryable: false };
  if (code === 551) return { ...base, kind: 'unavailable', retryable: false };
  if (code !== null && RATE_LIMIT.has(code)) return { ...base, kind: 'rate_limit', retryable: true };
  if (code !== null && TRANSIENT.has(code)) return { ...base, kind: 'transient', retryable: true };
  if (code === null && (httpStatus === null || httpStatus >= 500 || httpStatus === 429)) return { ...base, kind: 'transient', retryable: true };
  return { ...base, kind: 'permanent', retryable: false };
}

export function messagingNetworkFailure(err: unknown): MessagingFailure {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'network error';
  return { ok: false, kind: 'network', retryable: true, code: null, subcode: null, httpStatus: null, reason };
}
