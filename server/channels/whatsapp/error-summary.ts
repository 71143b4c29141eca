import type { GraphFailure } from './errors.ts';

// What a Graph failure may tell the user: the HTTP status, Meta's numeric code and Meta's own
// title for that code from this list (developers.facebook.com/…/whatsapp/support/error-codes).
// Never Meta's message or details: they are free text from the other side of the wire, and a
// proxy or a misconfigured base URL can put anything there, including the request's headers.

const TITLES: Record<number, string> = {
  0: 'AuthException',
  1: 'API unknown',
  2: 'API service',
  3: 'API method',
  4: 'Too many calls',
  10: 'Permission denied',
  100: 'Invalid parameter',
  190: 'Access token expired or invalid',
  368: 'Temporarily blocked for policies violations',
  80007: 'Rate limit issues',
  130429: 'Rate limit hit',
  130472: "User's number is part of an experiment",
  130497: 'Business account is restricted from messaging users in this country',
  131000: 'Something went wrong',
  131005: 'Access denied',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131016: 'Service unavailable',
  131021: 'Recipient cannot be sender',
  131026: 'Message undeliverable',
  131031: 'Business account locked',
  131042: 'Business eligibility payment issue',
  131045: 'Incorrect certificate',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'Meta chose not to deliver',
  131050: 'User stopped marketing messages',
  131051: 'Unsupported message type',
  131052: 'Media download error',
  131053: 'Media upload error',
  131056: 'Pair rate limit hit',
  131057: 'Account in maintenance mode',
  132000: 'Template parameter count mismatch',
  132001: 'Template does not exist',
  132005: 'Template hydrated text too long',
  132007: 'Template format character policy violated',
  132012: 'Template parameter format mismatch',
  132015: 'Template is paused',
  132016: 'Template is disabled',
  133010: 'Phone number not registered',
  135000: 'Generic user error',
};

export function graphErrorTitle(code: number | null): string | null {
  if (code === null) return null;
  if (code >= 200 && code <= 299) return 'API permission';
  return TITLES[code] ?? null;
}

/** e.g. "Meta answered HTTP 401, error 190 (Access token expired or invalid)", or "Meta could not be reached". */
export function summarizeGraphFailure(f: Pick<GraphFailure, 'code' | 'httpStatus'> & { kind: string }): string {
  if (f.kind === 'network') return 'Meta could not be reached';
  const parts = [f.httpStatus !== null ? `Meta answered HTTP ${f.httpStatus}` : 'Meta refused the request'];
  if (f.code !== null) {
    const title = graphErrorTitle(f.code);
    parts.push(`error ${f.code}${title ? ` (${title})` : ''}`);
  }
  return parts.join(', ');
}
