// Graph API error bodies (META-PLATFORM 4.4, 5, 8). `message` is "(#code) title"; Cloud API
// (13xxxx) errors carry error_data {messaging_product, details}; generic Graph errors (token,
// unknown object, bad parameter) do not. HTTP status follows the doc's [sim] mapping; clients
// must key on `code`.

export interface GraphErrorFields {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product?: 'whatsapp'; details: string };
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
}

export class GraphError {
  constructor(readonly status: number, readonly fields: GraphErrorFields) {}

  body(fbtraceId: string): { error: GraphErrorFields & { fbtrace_id: string } } {
    return { error: { ...this.fields, fbtrace_id: fbtraceId } };
  }
}

/** META-PLATFORM 4.4 [sim]: 400 for 100, 4, 80007, 130429, 131xxx, 132xxx; 401 for 190; 403 for
 * 10, 200-299, 368, 131031; 500 for 131000; 503 for 2, 131016. */
export function httpStatusFor(code: number): number {
  if (code === 190) return 401;
  if (code === 10 || (code >= 200 && code <= 299) || code === 368 || code === 131031) return 403;
  if (code === 131000) return 500;
  if (code === 2 || code === 131016) return 503;
  return 400;
}

const GRAPH_DOCS = 'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';

/** Unknown id, or an object the token cannot see: 100 / subcode 33. */
export function unsupportedRequest(method: string, id: string): GraphError {
  return new GraphError(400, {
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. ${GRAPH_DOCS}`,
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
  });
}

export function unknownPath(rest: string): GraphError {
  return new GraphError(400, { message: `Unknown path components: ${rest}`, type: 'OAuthException', code: 2500 });
}

export function invalidToken(): GraphError {
  return new GraphError(401, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 });
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Graph's wording: "Sunday, 04-Jan-26 12:00:00 PST" (rendered in UTC here, labelled as such). */
function graphDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
}

/** 190 / 463: the token is known but has expired (META-PLATFORM 4.4). */
export function expiredToken(now: number): GraphError {
  return new GraphError(401, {
    message: `Error validating access token: Session has expired on ${graphDate(now - 3_600_000)}. The current time is ${graphDate(now)}.`,
    type: 'OAuthException',
    code: 190,
    error_subcode: 463,
  });
}

/** Graph parameter validation, e.g. "(#100) The parameter to is required." (no error_data). */
export function paramError(text: string): GraphError {
  return new GraphError(400, { message: `(#100) ${text}`, type: 'OAuthException', code: 100 });
}

/** "(#100) Invalid parameter" with Cloud API details. */
export function invalidParameter(details: string): GraphError {
  return new GraphError(400, {
    message: '(#100) Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_data: { messaging_product: 'whatsapp', details },
  });
}

/** Any Cloud API (WhatsApp) error: "(#code) title" + error_data.details. */
export function cloudError(code: number, title: string, details: string, extra: Partial<GraphErrorFields> = {}): GraphError {
  return new GraphError(httpStatusFor(code), {
    message: `(#${code}) ${title}`,
    type: 'OAuthException',
    code,
    ...extra,
    error_data: { messaging_product: 'whatsapp', details },
  });
}

export const throughputReached = (): GraphError =>
  cloudError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.', { error_subcode: 2494055 });

export const pairRateLimitHit = (): GraphError =>
  cloudError(
    131056,
    '(Business Account, Consumer Account) pair rate limit hit',
    'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  );

export const reengagement = (): GraphError =>
  cloudError(131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');

export const serverError = (): GraphError =>
  cloudError(131000, 'Something went wrong', 'Something went wrong. Please try again later.', { is_transient: true });

export const serviceUnavailable = (): GraphError =>
  cloudError(131016, 'Service unavailable', 'A service is temporarily unavailable. Please retry your request later.', { is_transient: true });

/** Webhook `errors[]` element: title == message, plus href (META-PLATFORM 2.10). */
export function webhookError(code: number, title: string, details: string) {
  return { code, title, message: title, error_data: { details }, href: '/documentation/business-messaging/whatsapp/support/error-codes' };
}

export const UNDELIVERABLE = { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' };
export const REENGAGEMENT = {
  code: 131047,
  title: 'Re-engagement message',
  details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
};

// Instagram / Messenger Send API errors (META-PLATFORM 3.2, 3.3).

export function outsideMessagingWindow(platform: 'instagram' | 'messenger'): GraphError {
  return new GraphError(400, {
    message: '(#10) This message is sent outside of allowed window.',
    type: 'OAuthException',
    code: 10,
    error_subcode: platform === 'instagram' ? 2534022 : 2018278,
  });
}

export function personUnavailable(): GraphError {
  return new GraphError(400, {
    message: '(#551) This person isn\'t available right now.',
    type: 'OAuthException',
    code: 551,
    error_subcode: 1545041,
  });
}

export function pageRateLimit(): GraphError {
  return new GraphError(400, { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 });
}

/** Code 2: Graph's transient "try again later" (503 in the [sim] table, like WhatsApp's 131016). */
export function pageServerError(): GraphError {
  return new GraphError(httpStatusFor(2), { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true });
}

/** Code 1: "An unknown error occurred", also transient (500, like WhatsApp's 131000). */
export function pageUnknownError(): GraphError {
  return new GraphError(500, { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, is_transient: true });
}
