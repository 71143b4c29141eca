import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError, unauthorized } from '../http/errors.ts';
import { originAllowed } from './origins.ts';
import type { WidgetRow } from './queries.ts';
import { widgetById } from './widget-cache.ts';
import { verifyVisitorToken, visitorTokenKey } from './visitor-token.ts';

// Who calls the visitor API. Every /api/widget call refuses a browser's cross-site request
// (Sec-Fetch-Site: cross-site): the widget's frame calls from Parley's own origin, so a foreign
// page calling the API directly with a stolen key or token is turned away. Calls past the session
// carry the visitor's token: it names the visitor, the widget (a live one) and the site, which
// must still be on the widget's list (a widget is re-read at most every 2 s: widget-cache.ts). There is no conversation id anywhere in the visitor API:
// a visitor can only ever address their own conversation, found from their token.

export interface Visitor {
  visitorId: string;
  widget: WidgetRow;
  /** The site the session was opened from. */
  origin: string;
}

/** 403 for a browser's cross-site call; same-origin, same-site, a typed URL or a non-browser pass. */
export const refuseCrossSite: RequestHandler = (req, _res, next) => {
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    return next(new HttpError(403, 'cross_site', 'The chat API answers only the chat widget itself, not other sites'));
  }
  next();
};

export function visitorAuth(ctx: AppContext): RequestHandler {
  const key = visitorTokenKey(ctx.keys.jwtSecret, ctx.keys.encryptionKey);
  return async (req, res, next) => {
    try {
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!match) throw unauthorized('Missing visitor token: open a session first (POST /api/widget/session)');
      const claims = await verifyVisitorToken(key, match[1]!);
      if ('refused' in claims) throw unauthorized(claims.refused);
      const widget = await widgetById(ctx, claims.widgetId);
      if (!widget) throw unauthorized('This chat is no longer available');
      if (!originAllowed(claims.origin, widget.settings.allowedOrigins)) {
        throw new HttpError(403, 'origin_not_allowed', `This chat is no longer allowed on ${claims.origin.slice(0, 100)}`);
      }
      res.locals.visitor = { visitorId: claims.visitorId, widget, origin: claims.origin } satisfies Visitor;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The caller, as visitorAuth found them. */
export const visitorOf = (res: Response): Visitor => res.locals.visitor as Visitor;

/** The caller's address for per-IP limits (req.ip: TRUST_PROXY decides which header counts). */
export const ipOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
