import type { Knex } from 'knex';
import { z } from 'zod';
import type { ChannelMessage } from '../channels/channel.ts';
import { noEvents } from '../channels/channel.ts';
import { visitorMessageId } from '../channels/webchat/index.ts';
import { linkIdentity } from '../contacts/linking.ts';
import { ensureIdentities, identityKey } from '../contacts/identities.ts';
import type { AppContext } from '../context.ts';
import { publish } from '../events/bus.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { ingestEvents } from '../inbox/ingest.ts';
import { STATUS_RANK } from '../inbox/status.ts';
import { publishChange } from '../realtime/hub.ts';
import { isOpenAt } from './hours.ts';
import { originAllowed } from './origins.ts';
import { presentPublicWidget, presentVisitor, presentWidgetMessage } from './present.ts';
import * as q from './queries.ts';
import { PRE_CHAT_FIELDS, type WidgetMessageView, type WidgetSettings } from './schema.ts';
import { recordVisitorStatuses } from './statuses.ts';
import type { Visitor } from './visitor-auth.ts';
import { newVisitorId, signVisitorToken, verifyVisitorToken, visitorTokenKey } from './visitor-token.ts';

// The visitor's side of web chat. A session names the visitor (the same one again when their
// earlier token is still good for this widget) and writes nothing: a visitor becomes a contact
// identity with their first message or pre-chat form. A message goes through the inbox's inbound
// seam exactly as a Meta webhook's does (identity, conversation, reply task, reopening), in one
// transaction, and is announced after the commit: rules, agents, handover and the live inbox work
// unchanged. An email address in a visitor's message (while they gave none) links them to the
// person who has it.

type SessionBody = { key: string; token?: string; origin: string };
type VisitorBody = { name?: string; email?: string; phone?: string };

export const isOnline = (ctx: AppContext, s: WidgetSettings, now = new Date()) => isOpenAt(s.businessHours, now, ctx.config.APP_TIMEZONE);

/** Whether a required pre-chat field is still missing. */
export function needsPreChat(s: WidgetSettings, v: Pick<q.VisitorRow, 'profile_name' | 'email' | 'phone'> | null): boolean {
  if (s.mode !== 'chat') return false;
  const has = { name: v?.profile_name, email: v?.email, phone: v?.phone };
  return PRE_CHAT_FIELDS.some((f) => s.preChat[f] === 'required' && !has[f]);
}

export async function openSession(ctx: AppContext, body: SessionBody, now = new Date()) {
  const widget = await q.findWidgetByKey(ctx.db, body.key);
  if (!widget) throw notFound('No such chat widget: check the data-widget key of the snippet');
  if (!originAllowed(body.origin, widget.settings.allowedOrigins)) {
    throw new HttpError(403, 'origin_not_allowed', `This chat is not allowed on ${body.origin.slice(0, 100) || 'this page'}: an admin can add the site under Channels > Web chat`);
  }
  const key = visitorTokenKey(ctx.keys.jwtSecret, ctx.keys.encryptionKey);
  const earlier = body.token ? await verifyVisitorToken(key, body.token, now.getTime()) : null;
  const visitorId = earlier && !('refused' in earlier) && earlier.widgetId === widget.id ? earlier.visitorId : newVisitorId();
  const token = await signVisitorToken(key, { visitorId, widgetId: widget.id, origin: body.origin.trim().toLowerCase() }, now.getTime());
  const visitor = await q.findVisitor(ctx.db, widget, visitorId);
  return {
    token,
    visitorId,
    visitor: presentVisitor(visitor),
    needsPreChat: needsPreChat(widget.settings, visitor),
    widget: presentPublicWidget(widget, isOnline(ctx, widget.settings, now)),
  };
}

function refuseWhatsAppMode(v: Visitor): void {
  if (v.widget.settings.mode !== 'chat') throw new HttpError(409, 'whatsapp_mode', 'This widget opens WhatsApp: it takes no messages here');
}

/** The visitor's identity (created when new, with their name) and its id. */
async function ensureVisitor(trx: Knex, v: Visitor, name: string | null): Promise<string> {
  const ids = await ensureIdentities(trx, [{ workspaceId: v.widget.workspace_id, channel: 'webchat', externalId: v.visitorId, profileName: name }]);
  return ids.get(identityKey(v.widget.workspace_id, 'webchat', v.visitorId))!;
}

/** Keeps the email or phone the visitor gave on their identity, and links them to a person who has it. */
async function keepAndLink(trx: Knex, v: Visitor, identityId: string, email: string | null, phone: string | null): Promise<void> {
  if (!email && !phone) return;
  await trx('contact_identities').where({ id: identityId }).update({ ...(email ? { email } : {}), ...(phone ? { phone } : {}) });
  await linkIdentity(trx, { workspaceId: v.widget.workspace_id, identityId, email, phone });
}

/** The pre-chat form, or "leave your email" later: kept as the visitor gave it, and linked to a person who has the email or phone. */
export async function updateVisitor(ctx: AppContext, v: Visitor, body: VisitorBody) {
  refuseWhatsAppMode(v);
  await ctx.db.transaction(async (trx) => {
    const identityId = await ensureVisitor(trx, v, body.name ?? null);
    await keepAndLink(trx, v, identityId, body.email ?? null, body.phone ?? null);
  });
  const visitor = await q.findVisitor(ctx.db, v.widget, v.visitorId);
  if (visitor?.conversation_id) await publish(ctx, [{ type: 'conversation.changed', workspaceId: v.widget.workspace_id, conversationId: visitor.conversation_id }]);
  return presentVisitor(visitor);
}

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const email = z.email().max(254);

/** The first email address in a text, lower-cased; null when there is none. */
export function emailIn(text: string): string | null {
  const m = EMAIL_IN_TEXT.exec(text);
  const address = m?.[0].toLowerCase();
  return address && email.safeParse(address).success ? address : null;
}

export async function receiveMessage(ctx: AppContext, v: Visitor, body: { clientId: string; text: string }, now = new Date()): Promise<{ message: WidgetMessageView; conversationId: string }> {
  refuseWhatsAppMode(v);
  // Who the visitor is matters only for a required form or an email in the text: most messages skip the read.
  const formRequired = PRE_CHAT_FIELDS.some((f) => v.widget.settings.preChat[f] === 'required');
  const emailInText = emailIn(body.text);
  const before = formRequired || emailInText ? await q.findVisitor(ctx.db, v.widget, v.visitorId) : null;
  if (formRequired && needsPreChat(v.widget.settings, before)) throw new HttpError(422, 'prechat_required', 'Fill in the form first: this chat asks who you are before the first message');
  const externalId = visitorMessageId(v.visitorId, body.clientId);
  const message: ChannelMessage = {
    channel: 'webchat', accountId: v.widget.key, customerId: v.visitorId, timestamp: now, externalId, direction: 'inbound',
    type: 'text', text: body.text, payload: null, contextId: null, profileName: null, standby: false,
  };
  const address = before?.email ? null : emailInText;
  const result = await ctx.db.transaction(async (trx) => {
    const ingested = await ingestEvents(trx, { ...noEvents(), messages: [message] });
    if (address) await keepAndLink(trx, v, await ensureVisitor(trx, v, null), address, null);
    return ingested;
  });
  await publish(ctx, result.events);
  const stored = result.stored.get(externalId);
  // A retried send (the same clientId) was stored the first time: that message is read back.
  const row: q.VisitorMessageRow | null = stored
    ? { id: stored.id, conversation_id: stored.conversationId, direction: 'inbound', type: 'text', body: body.text, payload: null, external_id: externalId, status_rank: 0, sent_at: now, created_at: now, user_name: null }
    : await q.visitorMessageByExternalId(ctx.db, externalId);
  if (!row) throw new HttpError(401, 'unauthorized', 'This chat is no longer available'); // the widget was deleted meanwhile
  return { message: presentWidgetMessage(row, v.widget.name), conversationId: row.conversation_id };
}

export async function history(ctx: AppContext, v: Visitor, page: { before?: string; after?: string; limit: number }) {
  if (page.before !== undefined && page.after !== undefined) throw new HttpError(400, 'validation_error', 'Invalid query: give before or after, not both');
  const visitor = await q.findVisitor(ctx.db, v.widget, v.visitorId);
  if (!visitor?.conversation_id) return { messages: [], hasOlder: false };
  const { rows, more } = await q.visitorMessages(ctx.db, visitor.conversation_id, page);
  return { messages: rows.map((r) => presentWidgetMessage(r, v.widget.name)), hasOlder: page.after === undefined && more };
}

/** The panel showed the business's messages up to `upTo`: they become read. */
export async function markRead(ctx: AppContext, v: Visitor, upTo: string, now = new Date()): Promise<void> {
  const visitor = await q.findVisitor(ctx.db, v.widget, v.visitorId);
  if (!visitor?.conversation_id) return;
  const ids = await q.unreadBusinessMessages(ctx.db, visitor.conversation_id, upTo, STATUS_RANK.read);
  const conversationId = visitor.conversation_id;
  await recordVisitorStatuses(ctx, ids.map((externalId) => ({ workspaceId: v.widget.workspace_id, widgetKey: v.widget.key, conversationId, externalId })), 'read', now);
}

/** The visitor types (or stopped): the inbox shows it for a few seconds. Before a conversation exists, nobody is watching. */
export async function visitorTyping(ctx: AppContext, v: Visitor, typing: boolean): Promise<void> {
  const visitor = await q.findVisitor(ctx.db, v.widget, v.visitorId);
  if (!visitor?.conversation_id) return;
  await publishChange(ctx.db, { workspaceId: v.widget.workspace_id, topic: 'typing', action: 'update', id: visitor.conversation_id, typing: { typing, from: 'visitor', author: null } });
}
