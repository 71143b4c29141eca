import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../lib/logger.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

/** An error with an HTTP status and a stable machine-readable code, safe to show to the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Authentication required') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'Not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);

/** At most this many issues are listed: a body with 100,000 bad items must not get a 10 MB answer. */
export const MAX_LISTED_ISSUES = 20;

export const issueList = (err: ZodError) => err.issues.slice(0, MAX_LISTED_ISSUES).map((i) => ({ path: i.path.join('.'), message: i.message }));

export function validationError(err: ZodError, where: 'body' | 'query' | 'params'): HttpError {
  const issues = issueList(err);
  const first = issues[0];
  const message = first ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `Invalid ${where}`;
  return new HttpError(400, 'validation_error', message, issues);
}

export const notFoundHandler: RequestHandler = (req, _res, next) =>
  next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.originalUrl.split('?')[0]}`));

// body-parser signals its failures with a `type`; they are the caller's fault, never a 500.
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload_too_large', 'Request body is too large'],
  'entity.parse.failed': [400, 'invalid_json', 'Request body is not valid JSON'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'unsupported_charset', 'Unsupported charset'],
  'request.aborted': [400, 'request_aborted', 'Request was aborted'],
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: { code: string; message: string; details?: unknown } = { code: 'internal_error', message: 'Internal server error' };
    if (err instanceof HttpError) {
      status = err.status;
      body = { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
    } else if (err instanceof ZodError) {
      const v = validationError(err, 'body');
      status = v.status;
      body = { code: v.code, message: v.message, details: v.details };
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      body = { code: 'database_unavailable', message: 'The database is not answering; retry shortly' };
    } else if (err && typeof err.type === 'string' && BODY_ERRORS[err.type]) {
      const [s, code, message] = BODY_ERRORS[err.type]!;
      status = s;
      body = { code, message: err.type === 'entity.too.large' && err.limit ? `${message} (limit ${err.limit} bytes)` : message };
    } else if (typeof err?.code === 'string' && err.code.startsWith('Z_') && clientStatus(err)) {
      // zlib's failure to inflate a body sent as gzip/deflate/br: the bytes do not match the header.
      status = 400;
      body = { code: 'invalid_content_encoding', message: `Request body is not valid ${String(req.headers['content-encoding'] ?? 'compressed').slice(0, 20)} data` };
    } else if (clientStatus(err)) {
      status = clientStatus(err)!;
      body = { code: clientErrorCode(err, status), message: err.expose !== false && typeof err.message === 'string' && err.message ? err.message.slice(0, 300) : `Request refused (${status})` };
    } else if (isPostgresDataError(err)) {
      // A value the schema let through but Postgres cannot take (the schemas should catch these first).
      status = 400;
      body = { code: 'invalid_value', message: 'A value in the request is out of range or not in the expected format' };
      (req.log ?? logger).warn({ pgCode: err.code, route: req.route?.path }, 'database refused a request value');
    }
    if (status >= 500) (req.log ?? logger).error({ err }, 'request failed');
    if (res.headersSent) return res.end();
    res.status(status).json({ error: { ...body, requestId: req.id } });
  };
}

/**
 * The http-errors convention (body-parser, raw-body, busboy wrappers, express itself): an error
 * carrying a 4xx `status` or `statusCode` is the caller's fault, whatever its `type`.
 */
function clientStatus(err: unknown): number | null {
  if (!err || typeof err !== 'object') return null;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const s = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : null;
  return s !== null && Number.isInteger(s) && s >= 400 && s <= 499 ? s : null;
}

function clientErrorCode(err: { type?: unknown }, status: number): string {
  if (typeof err.type === 'string' && /^[a-z.]{1,50}$/.test(err.type)) return err.type.replaceAll('.', '_');
  return status === 400 ? 'bad_request' : `client_error_${status}`;
}

// Class 22 (data exception): invalid_text_representation, datetime_field_overflow,
// numeric_value_out_of_range, character_not_in_repertoire, untranslatable_character,
// string_data_right_truncation, and the rest of the class: a bad value, never a server fault.
function isPostgresDataError(err: unknown): err is { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof (err as { severity?: unknown }).severity === 'string';
}
