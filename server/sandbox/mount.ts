// The in-app simulator's door in the Express app. Express matches `app.use` prefixes without
// regard to case, and behind nginx every request comes from 127.0.0.1, so neither the mount nor
// the loopback check alone keeps the simulator private. Here:
//   - only the exact, case-sensitive, canonical prefix /sandbox reaches the simulator; anything
//     that merely resembles it (/SANDBOX, /%73andbox, //sandbox, /sandbox/../x) is a 404;
//   - a request that went through a proxy (X-Forwarded-For, X-Real-IP, Forwarded) is refused,
//     and so is one from another machine;
//   - /control/** needs the install's control token.
import type { RequestHandler } from 'express';
import type { Logger } from '../lib/logger.ts';
import { HttpError } from '../http/errors.ts';
import { isControlPath, type Sandbox } from './index.ts';
import { CONTROL_TOKEN_HEADER, tokenMatches } from './keys.ts';

export const SANDBOX_PREFIX = '/sandbox';
const PROXY_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'] as const;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

type Kind = 'sandbox' | 'lookalike' | 'other';

/** 'sandbox' only for the canonical prefix; 'lookalike' for what a lenient router or proxy could take for it. */
export function classifySandboxUrl(url: string): Kind {
  // Absolute-form request targets (GET http://host/sandbox/... HTTP/1.1) are routed by their path
  // but never handed to the simulator.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (absolute) return classifySandboxUrl(url.slice(absolute[0].length) || '/') === 'other' ? 'other' : 'lookalike';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const exact = path === SANDBOX_PREFIX || path.startsWith(`${SANDBOX_PREFIX}/`);
  if (exact) return canonical(path) ? 'sandbox' : 'lookalike';
  // Cheap exit for the common case: no encoding, no doubled slash, no "andbox" in any case.
  if (!path.includes('%') && !path.includes('//') && !path.includes('\\') && !/andbox/i.test(path)) return 'other';
  // Decoded until stable (a few rounds): a double-encoded %2573 is a look-alike too.
  let decoded = path;
  for (let round = 0; round < 3 && decoded.includes('%'); round++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break; // a malformed escape is judged as written
    }
  }
  const folded = decoded.replace(/[\\/]+/g, '/').toLowerCase();
  return folded === SANDBOX_PREFIX || folded.startsWith(`${SANDBOX_PREFIX}/`) ? 'lookalike' : 'other';
}

/** No dot segments, no escapes the URL parser would rewrite: the path means what it says. */
function canonical(path: string): boolean {
  if (path.includes('%') || path.includes('\\') || path.includes('//')) return false;
  try {
    return new URL(path, 'http://sandbox.invalid').pathname === path;
  } catch {
    return false;
  }
}

export function sandboxMount(sandbox: Sandbox | null, controlToken: string, logger: Logger): RequestHandler {
  const refuse = (req: Parameters<RequestHandler>[0], err: HttpError) => {
    logger.warn({ security: true, requestId: req.id, method: req.method, url: req.originalUrl.slice(0, 200), ip: req.socket.remoteAddress, code: err.code }, 'sandbox request refused');
    return err;
  };
  return (req, res, next) => {
    const kind = classifySandboxUrl(req.url);
    if (kind === 'other') return next();
    if (kind === 'lookalike' || !sandbox) {
      return next(refuse(req, new HttpError(404, 'not_found', `No route for ${req.method} ${req.originalUrl.split('?')[0].slice(0, 200)}`)));
    }
    const proxied = PROXY_HEADERS.find((h) => req.headers[h] !== undefined);
    if (proxied) {
      return next(refuse(req, new HttpError(403, 'sandbox_proxied', `The sandbox simulator refuses requests that came through a proxy (${proxied} header present)`)));
    }
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      return next(refuse(req, new HttpError(403, 'sandbox_local_only', 'The sandbox simulator only answers requests from this machine')));
    }
    const rest = req.url.slice(SANDBOX_PREFIX.length).split('?')[0] || '/';
    if (isControlPath(rest) && !tokenMatches(controlToken, req.headers[CONTROL_TOKEN_HEADER])) {
      return next(refuse(req, new HttpError(401, 'sandbox_token_required', 'The sandbox control API needs the X-Sandbox-Token header; a signed-in user gets it from GET /api/sandbox')));
    }
    sandbox.handler(req, res);
  };
}
