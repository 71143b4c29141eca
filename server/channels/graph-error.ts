// The Graph API's error envelope, the same for WhatsApp and the Messenger Platform (Instagram,
// Messenger): `{error: {code, error_subcode, message, error_data: {details}}}`. Each channel's
// errors.ts decides what a code means; this reads the envelope and holds the rules they share.

export interface GraphErrorBody {
  code?: unknown;
  error_subcode?: unknown;
  message?: unknown;
  error_data?: { details?: unknown };
}

/** Code, subcode and the most useful text: Meta's details, else its message, else the HTTP status. */
export function readGraphError(httpStatus: number | null, error: GraphErrorBody | null): { code: number | null; subcode: number | null; httpStatus: number | null; reason: string } {
  const code = typeof error?.code === 'number' ? error.code : null;
  const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : null;
  const details = typeof error?.error_data?.details === 'string' ? error.error_data.details : null;
  const message = typeof error?.message === 'string' ? error.message : null;
  return { code, subcode, httpStatus, reason: details ?? message ?? (httpStatus ? `HTTP ${httpStatus}` : 'no response') };
}

/** No Graph error code and a server error, 429 or no answer at all: worth trying again. */
export const transientWithoutCode = (code: number | null, httpStatus: number | null) =>
  code === null && (httpStatus === null || httpStatus >= 500 || httpStatus === 429);

export const networkReason = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : 'network error');
