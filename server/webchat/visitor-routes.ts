import type { Response } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { presentPublicWidget } from './present.ts';
import { addClick, findVisitor, findWidgetByKey, newestMessageId } from './queries.ts';
import { RateLimiter, WEBCHAT_LIMITS } from './rate-limit.ts';
import {
  clickBody, configQuery, historyQuery, historyView, publicWidgetView, readBody, sessionBody, sessionView, streamQuery, typingBody,
  visitorBody, visitorMessageBody, visitorView, widgetMessageView,
} from './schema.ts';
import type { VisitorStreams } from './stream.ts';
import { ipOf, refuseCrossSite, visitorAuth, visitorOf } from './visitor-auth.ts';
import { history, isOnline, markRead, openSession, receiveMessage, updateVisitor, visitorTyping } from './visitors.ts';

// The visitor API, called by the widget's frame (docs/webchat.md). No dashboard token: the
// session call takes the widget's public key, every other call the visitor's own token
// (visitor-auth.ts). Rate limits per visitor and per IP address answer 429 with Retry-After.

/** Spends a token of `key`, or refuses with 429 and when to come back. */
function limit(limiter: RateLimiter, key: string, res: Response, what: string): void {
  const r = limiter.take(key);
  if (r.allowed) return;
  res.setHeader('Retry-After', String(r.retryAfterSeconds));
  throw new HttpError(429, 'rate_limited', `Too many ${what}: try again in ${r.retryAfterSeconds} s`);
}

export function widgetVisitorRoutes(ctx: AppContext, streams: VisitorStreams): RouteDef[] {
  const limits = Object.fromEntries(Object.entries(WEBCHAT_LIMITS).map(([k, rule]) => [k, new RateLimiter(rule)])) as Record<keyof typeof WEBCHAT_LIMITS, RateLimiter>;
  const visitor = [refuseCrossSite, visitorAuth(ctx)];
  const common = { tag: 'widget', auth: false } as const;
  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/api/widget/config',
      summary: "A widget's public look and state (name, colours, greeting, pre-chat fields, online now) by its key",
      middleware: [refuseCrossSite],
      query: configQuery,
      response: publicWidgetView,
      handler: async ({ query }) => {
        const widget = await findWidgetByKey(ctx.db, query.key);
        if (!widget) throw notFound('No such chat widget: check the data-widget key of the snippet');
        return presentPublicWidget(widget, isOnline(ctx, widget.settings));
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/widget/session',
      summary: "Open (or resume) a visitor's session on a site the widget allows: the visitor token for the calls below. 403 for a site not on the list",
      middleware: [refuseCrossSite],
      body: sessionBody,
      response: sessionView,
      handler: async ({ body, req, res }) => {
        limit(limits.ipSessions, ipOf(req), res, 'new chat sessions from this address');
        return openSession(ctx, body);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/api/widget/messages',
      summary: "The visitor's own conversation, oldest first: the newest page, older ones (before), or what came after a message (after)",
      middleware: visitor,
      query: historyQuery,
      response: historyView,
      handler: ({ query, res }) => history(ctx, visitorOf(res), query),
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/widget/messages',
      summary: 'The visitor writes (a retried send with the same clientId is stored once). 422 prechat_required while a required pre-chat field is missing',
      middleware: visitor,
      body: visitorMessageBody,
      response: widgetMessageView,
      handler: async ({ body, req, res }) => {
        const v = visitorOf(res);
        limit(limits.visitorMessages, `${v.widget.id}|${v.visitorId}`, res, 'messages');
        limit(limits.ipMessages, ipOf(req), res, 'messages from this address');
        const { message, conversationId } = await receiveMessage(ctx, v, body);
        streams.attach(v.widget.id, v.visitorId, conversationId);
        res.status(201);
        return message;
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/widget/visitor',
      summary: "The visitor's name, email or phone (the pre-chat form, or later): an email or phone a known person has links the visitor to them",
      middleware: visitor,
      body: visitorBody,
      response: visitorView,
      handler: ({ body, res }) => {
        const v = visitorOf(res);
        limit(limits.visitorMessages, `${v.widget.id}|${v.visitorId}`, res, 'changes');
        return updateVisitor(ctx, v, body);
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/widget/typing',
      summary: 'The visitor is typing (or stopped): the inbox shows it. More than one a second is dropped',
      middleware: visitor,
      body: typingBody,
      handler: async ({ body, res }) => {
        const v = visitorOf(res);
        if (limits.visitorTyping.take(`${v.widget.id}|${v.visitorId}`).allowed) await visitorTyping(ctx, v, body.typing);
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/widget/read',
      summary: "The visitor saw the business's messages up to this id: they become read",
      middleware: visitor,
      body: readBody,
      handler: async ({ body, res }) => {
        await markRead(ctx, visitorOf(res), body.upTo);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/api/widget/stream',
      summary: 'Server-Sent Events for the visitor: "message" (id: the message id) for each new message of their conversation, "typing" while a person types; a comment ping every 25 s',
      middleware: visitor,
      query: streamQuery,
      handler: async ({ query, req, res }) => {
        limit(limits.ipStreams, ipOf(req), res, 'chat connections from this address');
        const v = visitorOf(res);
        const lastEventId = req.headers['last-event-id'];
        const after = query.after ?? (typeof lastEventId === 'string' && /^(0|[1-9]\d{0,17})$/.test(lastEventId) ? lastEventId : undefined);
        const conversationId = (await findVisitor(ctx.db, v.widget, v.visitorId))?.conversation_id ?? null;
        const cursor = after ?? (conversationId ? await newestMessageId(ctx.db, conversationId) : '0');
        if (res.destroyed) return; // the visitor left while we looked
        streams.open(res, v, conversationId, cursor);
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/widget/clicks',
      summary: "Counts a click on a WhatsApp-mode widget's button (sent with sendBeacon: no token)",
      middleware: [refuseCrossSite],
      body: clickBody,
      handler: async ({ body, req, res }) => {
        limit(limits.ipClicks, ipOf(req), res, 'clicks from this address');
        if (!(await addClick(ctx.db, body.key))) throw notFound('No such chat widget');
      },
    }),
  ];
}
