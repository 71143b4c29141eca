// /graph/{version}/... : resolves the object, applies the fault knobs (timeout, 5xx, latency),
// runs the handler, logs the request and answers. Paths:
//   POST   /{phone-number-id}/messages      WhatsApp send
//   POST   /me/messages, /{page-or-ig-id}/messages   Instagram / Messenger send
//   GET    /{phone-number-id}               phone number (Test connection)
//   GET    /{ig-user-id}, /{page-id}        Instagram / Messenger account (Test connection)
//   GET|POST|DELETE /{waba-id}/message_templates
//   GET|POST /{template-id}                 one template
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accessToken, isRecord, parseJson, sendJson } from '../http.ts';
import { normRecipient, type Effective } from '../knobs.ts';
import type { Channel } from '../request-log.ts';
import type { MessagingPlatform } from '../registry.ts';
import { chance } from '../rng.ts';
import { sampleLatencyMs } from '../latency.ts';
import type { SandboxState } from '../state.ts';
import { fail, type GraphCtx, type Result } from './context.ts';
import { getMessagingAccount } from './account.ts';
import { pageServerError, pageUnknownError, serverError, serviceUnavailable, unknownPath, unsupportedRequest } from './errors.ts';
import { sendWhatsApp } from './messages.ts';
import { sendMessaging } from './messaging.ts';
import { getPhoneNumber } from './phone.ts';
import { queuedFaultError } from './send-faults.ts';
import { createTemplate, deleteTemplates, editTemplate, getTemplate, listTemplates } from './templates-api.ts';

type Route = {
  objectId: string | null;
  messaging: boolean;
  run: (ctx: GraphCtx, k: Effective) => Result;
  /** For sends: logged (and counted) even when a fault stops the handler from running. */
  channel?: Channel;
  recipient?: string | null;
  /** A send that a fault queued with POST /control/send-faults applies to. */
  faultable?: boolean;
};

const VERSION = /^v(\d+)\.\d+$/;

export function handleGraph(sb: SandboxState, req: IncomingMessage, res: ServerResponse, path: string, query: string, body: Buffer): void {
  const segs = path.split('/'); // ['', 'graph', version, ...]
  const version = segs[2] ?? '';
  const vm = VERSION.exec(version);
  const parsed = body.length ? parseJson(body) : { ok: true as const, value: undefined };
  const ctx: GraphCtx = {
    sb, req, method: req.method ?? 'GET', path, version, major: vm ? Number(vm[1]) : 0, query, body,
    parsed: parsed.ok ? parsed.value : undefined, parseOk: parsed.ok, token: accessToken(req, query), now: sb.now(),
  };
  const route: Route | Result = vm ? resolve(ctx, segs.slice(3)) : fail(ctx, unknownPath(path));
  if ('status' in route) return finish(ctx, res, route, 0, false);

  const k = sb.knobs.forId(route.objectId);
  const queued = route.faultable ? sb.takeSendFault(route.objectId) : null;
  const hang = !queued && chance(sb.rng, k.timeoutRate);
  const fault = !queued && !hang && chance(sb.rng, k.errorRate5xx);
  const delay = sampleLatencyMs(k.latency, sb.rng);
  let result: Result;
  if (queued) {
    const channel = route.channel ?? 'whatsapp';
    result = fail(ctx, queuedFaultError(channel, queued, ctx.now), { objectId: route.objectId, channel, recipient: route.recipient ?? null });
  } else if (fault) {
    const transient = chance(sb.rng, 0.5);
    const err = route.messaging ? (transient ? pageUnknownError() : pageServerError()) : transient ? serverError() : serviceUnavailable();
    result = fail(ctx, err, { objectId: route.objectId, channel: route.channel ?? 'graph', recipient: route.recipient ?? null });
  } else {
    result = route.run(ctx, k);
  }
  if (hang) {
    logRequest(ctx, result, 'timeout');
    holdOpen(sb, res, k.maxHangMs);
    return;
  }
  finish(ctx, res, result, delay, fault);
}

function resolve(ctx: GraphCtx, rest: string[]): Route | Result {
  const { sb, method } = ctx;
  const [id, edge, ...more] = rest;
  if (!id || more.length) return fail(ctx, unknownPath(`/${rest.join('/')}`));
  const reg = sb.registry;

  if (edge === 'messages') {
    if (method !== 'POST') return fail(ctx, unsupportedRequest(method, id));
    const body = ctx.parsed;
    const waTo = isRecord(body) && typeof body.to === 'string' ? normRecipient(body.to) : null;
    const wa = reg.numbers.get(id);
    if (wa) return { objectId: id, messaging: false, channel: 'whatsapp', recipient: waTo, faultable: true, run: (c, k) => sendWhatsApp(c, wa, k) };
    const looksMessaging = id === 'me' || reg.accounts.has(id) || (isRecord(body) && body.messaging_product === undefined && isRecord(body.recipient));
    if (looksMessaging) {
      // Messenger bodies usually carry messaging_type; Instagram's rarely do.
      const hint: MessagingPlatform = isRecord(body) && body.messaging_type !== undefined ? 'messenger' : 'instagram';
      const acct = reg.accountFor(id, ctx.token ?? '', hint);
      if (!acct) return fail(ctx, unsupportedRequest(method, id), { channel: 'graph' });
      const to = isRecord(body) && isRecord(body.recipient) && body.recipient.id !== undefined ? String(body.recipient.id) : null;
      // Sender actions (typing, mark_seen) do not use up a queued fault: "the next N sends" are messages.
      const action = isRecord(body) && body.sender_action !== undefined;
      return { objectId: acct.id, messaging: true, channel: acct.platform, recipient: to, faultable: !action, run: (c, k) => sendMessaging(c, acct, k) };
    }
    const n = reg.number(id);
    if (!n) return fail(ctx, unsupportedRequest(method, id), { objectId: id });
    return { objectId: id, messaging: false, channel: 'whatsapp', recipient: waTo, faultable: true, run: (c, k) => sendWhatsApp(c, n, k) };
  }

  if (edge === 'message_templates') {
    if (!reg.hasWaba(id)) return fail(ctx, unsupportedRequest(method, id), { objectId: id });
    if (method === 'GET') return { objectId: id, messaging: false, run: (c, k) => listTemplates(c, id, k) };
    if (method === 'POST') return { objectId: id, messaging: false, run: (c, k) => createTemplate(c, id, k) };
    if (method === 'DELETE') return { objectId: id, messaging: false, run: (c, k) => deleteTemplates(c, id, k) };
    return fail(ctx, unsupportedRequest(method, id));
  }

  if (edge !== undefined) return fail(ctx, unknownPath(`/${edge}`));

  const tpl = sb.templates.get(id);
  if (tpl) {
    if (method === 'GET') return { objectId: tpl.wabaId, messaging: false, run: (c, k) => getTemplate(c, tpl, k) };
    if (method === 'POST') return { objectId: tpl.wabaId, messaging: false, run: (c, k) => editTemplate(c, tpl, k) };
    return fail(ctx, unsupportedRequest(method, id));
  }
  const acct = reg.accounts.get(id);
  if (acct && method === 'GET') return { objectId: id, messaging: true, run: (c, k) => getMessagingAccount(c, acct, k) };
  if (method !== 'GET') return fail(ctx, unsupportedRequest(method, id));
  const n = reg.number(id);
  if (!n) return fail(ctx, unsupportedRequest(method, id), { objectId: id });
  return { objectId: id, messaging: false, run: (c, k) => getPhoneNumber(c, n, k) };
}

function logRequest(ctx: GraphCtx, r: Result, outcome: 'accepted' | 'rejected' | 'timeout' | 'fault'): void {
  ctx.sb.log.record({
    at: ctx.now,
    method: ctx.method,
    path: ctx.query ? `${ctx.path}?${ctx.query}` : ctx.path,
    channel: r.channel,
    object_id: r.objectId,
    recipient: r.recipient,
    status: r.status,
    error_code: r.errorCode,
    message_id: r.messageId,
    outcome,
    body: ctx.body.length === 0 ? null : ctx.parseOk ? ctx.parsed : ctx.body.toString('utf8'),
  });
}

function finish(ctx: GraphCtx, res: ServerResponse, r: Result, delayMs: number, fault: boolean): void {
  logRequest(ctx, r, fault ? 'fault' : r.status === 200 ? 'accepted' : 'rejected');
  if (delayMs <= 0) return sendJson(res, r.status, r.body);
  const sb = ctx.sb;
  const t = setTimeout(() => {
    sb.open.delete(res);
    sendJson(res, r.status, r.body);
  }, delayMs);
  sb.open.set(res, t);
}

/** A "timeout": never answer; end the socket after maxHangMs unless the client gives up first. */
function holdOpen(sb: SandboxState, res: ServerResponse, maxHangMs: number): void {
  const t = setTimeout(() => {
    sb.open.delete(res);
    res.destroy();
  }, maxHangMs);
  sb.open.set(res, t);
  res.on('close', () => {
    const x = sb.open.get(res);
    if (x) clearTimeout(x);
    sb.open.delete(res);
  });
}
