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
export const notFound = (message = 'Not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);

export function validationError(err: ZodError, where: 'body' | 'query' | 'params'): HttpError {
  const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
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
    }
    if (status >= 500) (req.log ?? logger).error({ err }, 'request failed');
    if (res.headersSent) return res.end();
    res.status(status).json({ error: { ...body, requestId: req.id } });
  };
}
