// What the visitor reads when a call fails: one short line, never a stack or a status code alone.
// The API's own message is shown when it is written for the visitor (a 400 saying what is wrong with
// the text); the rest are ours.

export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when the request never got an answer (offline, DNS, CORS, aborted). */
    readonly status: number,
    /** The server's `message`, when it sent one. */
    readonly serverMessage: string | null,
    /** From Retry-After (429, 503), in ms; 0 when absent. */
    readonly retryAfterMs = 0,
  ) {
    super(serverMessage ?? `HTTP ${status}`);
  }
}

/** Retry-After as seconds or an HTTP date, in ms from now; 0 when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number {
  if (!header) return 0;
  if (/^\d+$/.test(header.trim())) return Math.min(Number(header.trim()), 3600) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, Math.min(at - now, 3_600_000)) : 0;
}

/** The line shown for a failed call. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Please try again.';
  const { status, serverMessage, retryAfterMs } = err;
  if (status === 0) return 'No connection. Check your network; we will keep trying.';
  if (status === 429) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    return seconds > 0 ? `Too many messages. Please wait ${seconds} s and try again.` : 'Too many messages. Please wait a moment and try again.';
  }
  if (status === 403) return 'This chat is not available on this site.';
  if (status === 404) return 'This chat is no longer available.';
  if (status === 401) return 'Your chat session ended. Please reload the page.';
  if (status === 413) return 'That message is too long.';
  if ((status === 400 || status === 409 || status === 422) && serverMessage) return readable(serverMessage);
  return 'Something went wrong on our side. Please try again.';
}

// "Invalid body: text: at most 4000 characters" -> "At most 4000 characters."
function readable(message: string): string {
  const core = message.replace(/^Invalid (body|query|params): /, '').replace(/^[\w.]+: /, '').trim().slice(0, 200);
  const sentence = core.charAt(0).toUpperCase() + core.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
