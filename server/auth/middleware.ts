import type { RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { unauthorized } from '../http/errors.ts';
import { createAuthenticator } from './authenticator.ts';

export function requireAuth(ctx: AppContext): RequestHandler {
  const authenticate = createAuthenticator(ctx);
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(unauthorized('Missing bearer token'));
    try {
      req.auth = await authenticate(match[1]!);
      next();
    } catch (err) {
      next(err);
    }
  };
}
