// Instagram and Messenger Send API errors -> what a sender should do. Keys on Meta's numeric code
// and subcode, never on titles or HTTP status (docs/meta-platform.md).

import { networkReason, readGraphError, transientWithoutCode, type GraphErrorBody } from '../graph-error.ts';

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

export function classifyMessagingError(httpStatus: number | null, error: GraphErrorBody | null): MessagingFailure {
  const base = { ok: false as const, ...readGraphError(httpStatus, error) };
  const { code, subcode } = base;
  if (code === 190) return { ...base, kind: 'auth', retryable: false };
  if ((subcode !== null && WINDOW_SUBCODES.has(subcode)) || code === 1545041) return { ...base, kind: 'window', retryable: false };
  if (code === 551) return { ...base, kind: 'unavailable', retryable: false };
  if (code !== null && RATE_LIMIT.has(code)) return { ...base, kind: 'rate_limit', retryable: true };
  if (code !== null && TRANSIENT.has(code)) return { ...base, kind: 'transient', retryable: true };
  if (transientWithoutCode(code, httpStatus)) return { ...base, kind: 'transient', retryable: true };
  return { ...base, kind: 'permanent', retryable: false };
}

export function messagingNetworkFailure(err: unknown): MessagingFailure {
  return { ok: false, kind: 'network', retryable: true, code: null, subcode: null, httpStatus: null, reason: networkReason(err) };
}

const TITLES: Record<MessagingFailureKind, string> = {
  auth: 'Access token expired or invalid',
  window: 'Outside the messaging window',
  rate_limit: 'Rate limit hit',
  unavailable: 'This person is not available right now',
  transient: 'Temporary error at Meta',
  permanent: 'Meta refused the message',
  network: 'Meta could not be reached',
};

/** Our title for a refusal (never Meta's free text); the code is kept beside it. */
export const messagingFailureTitle = (f: { kind: string }): string => TITLES[f.kind as MessagingFailureKind] ?? TITLES.permanent;
