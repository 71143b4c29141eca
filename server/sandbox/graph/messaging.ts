// Instagram / Messenger Send API: POST /me/messages or /{page-or-ig-id}/messages
// (META-PLATFORM 3.2, 3.3). Success {recipient_id, message_id}; sender actions answer
// {recipient_id} only. Outside the 24 h window (7 days with tag HUMAN_AGENT): code 10 with the
// platform's subcode. Delivery/read (and optional echo) webhooks follow accepted messages.
// Order of checks: token (190), body (100: shape, text size, attachment by URL, reply_to), rate
// (613), person unavailable (551), window (10).
// A user who never wrote to the account gets the window error, not 551: on Meta the window opens
// only when the user writes (an IGSID/PSID comes from the user's own message), and 551 means the
// person is unreachable for good (blocked, deactivated), which a sender must treat differently.
import { isRecord } from '../http.ts';
import type { Effective } from '../knobs.ts';
import { chance } from '../rng.ts';
import { tryAcquire } from '../rate-window.ts';
import type { MessagingAccount } from '../registry.ts';
import { buildMessagingEvent } from '../webhooks/inbound-messaging.ts';
import { authError, fail, ok, type GraphCtx, type Result } from './context.ts';
import { outsideMessagingWindow, pageRateLimit, paramError, personUnavailable } from './errors.ts';

const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'];
const SENDER_ACTIONS = ['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact'];
/** Retired from Apr 27 2026 (META-PLATFORM 3.3): error 100. */
const RETIRED_TAGS = ['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE'];
const TAGS_RETIRED_AT = Date.UTC(2026, 3, 27);
const HUMAN_AGENT_WINDOW_MS = 7 * 86_400_000;

export function sendMessaging(ctx: GraphCtx, a: MessagingAccount, k: Effective): Result {
  const channel = a.platform;
  const meta = { channel, objectId: a.id };
  const auth = authError(ctx, a.tokens, k);
  if (auth) return fail(ctx, auth, meta);
  const b = ctx.parsed;
  if (!ctx.parseOk || !isRecord(b) || !isRecord(b.recipient)) return fail(ctx, paramError('The parameter recipient is required.'), meta);
  const user = b.recipient.id;
  if (typeof user !== 'string' && typeof user !== 'number') return fail(ctx, paramError("The parameter recipient['id'] is required."), meta);
  const to = String(user);
  const m = { ...meta, recipient: to };

  if (b.messaging_type !== undefined && !MESSAGING_TYPES.includes(String(b.messaging_type))) {
    return fail(ctx, paramError(`Param messaging_type must be one of {${MESSAGING_TYPES.join(', ')}} - got "${String(b.messaging_type)}".`), m);
  }
  const tag = typeof b.tag === 'string' ? b.tag : null;
  if (b.messaging_type === 'MESSAGE_TAG' && !tag) return fail(ctx, paramError('The parameter tag is required.'), m);
  if (tag && RETIRED_TAGS.includes(tag) && ctx.now >= TAGS_RETIRED_AT) {
    return fail(ctx, paramError(`Param tag "${tag}" is no longer supported.`), m);
  }

  const action = b.sender_action;
  if (action !== undefined) {
    if (typeof action !== 'string' || !SENDER_ACTIONS.includes(action)) {
      return fail(ctx, paramError(`Param sender_action must be one of {${SENDER_ACTIONS.map((s) => s.toUpperCase()).join(', ')}} - got "${String(action)}".`), m);
    }
    return ok({ recipient_id: to }, m);
  }

  const msg = b.message;
  if (!isRecord(msg)) return fail(ctx, paramError('The parameter message is required.'), m);
  if (msg.text === undefined && msg.attachment === undefined && msg.attachments === undefined) {
    return fail(ctx, paramError("The parameter message['text'] or message['attachment'] is required."), m);
  }
  if (msg.text !== undefined) {
    if (typeof msg.text !== 'string' || msg.text.length === 0) return fail(ctx, paramError("Param message['text'] must be a non-empty string."), m);
    // IG: 1000 bytes UTF-8 (META-PLATFORM 3.2); Messenger: 2000 characters, counted as code
    // points (what the app's splitter counts), so an emoji is one character, not two.
    if (channel === 'instagram' ? Buffer.byteLength(msg.text) > 1000 : [...msg.text].length > 2000) {
      return fail(ctx, paramError(`Param message['text'] must be at most ${channel === 'instagram' ? '1000 bytes' : '2000 characters'} long.`), m);
    }
  }
  if (Array.isArray(msg.attachments) && msg.attachments.length > 10) return fail(ctx, paramError("Param message['attachments'] must contain at most 10 elements."), m);
  const badAttachment = msg.attachment !== undefined ? attachmentError(msg.attachment, "message['attachment']") : null;
  if (badAttachment) return fail(ctx, paramError(badAttachment), m);
  if (b.reply_to !== undefined && (!isRecord(b.reply_to) || typeof b.reply_to.mid !== 'string' || !b.reply_to.mid)) {
    return fail(ctx, paramError("The parameter reply_to['mid'] is required."), m);
  }

  const { sb, now } = ctx;
  if (k.throughputLimit !== null && !tryAcquire(sb.throughput.get(a.id, k.throughputLimit, 1000, now), now)) return fail(ctx, pageRateLimit(), m);
  if (k.undeliverableSet.has(to)) return fail(ctx, personUnavailable(), m);
  const windowMs = tag === 'HUMAN_AGENT' ? HUMAN_AGENT_WINDOW_MS : k.windowMs;
  if (!sb.windowOpen(a.id, to, k, now, windowMs, k.enforceMessagingWindow || k.enforceWindow)) return fail(ctx, outsideMessagingWindow(a.platform), m);

  const mid = a.platform === 'instagram' ? sb.ids.igMid(a.id) : sb.ids.messengerMid();
  sb.noteOutbound(a.id, to, mid);
  if (k.statusWebhooks || k.echoes) scheduleEvents(ctx, a, k, to, mid, msg);
  return ok({ recipient_id: to, message_id: mid }, { ...m, messageId: mid });
}

const ATTACHMENT_TYPES = ['image', 'video', 'audio', 'file', 'template'];

/** An attachment by URL (`payload.url`, http(s)), by a saved `attachment_id`, or a template. */
function attachmentError(a: unknown, p: string): string | null {
  if (!isRecord(a)) return `The parameter ${p} must be an object.`;
  if (typeof a.type !== 'string' || !ATTACHMENT_TYPES.includes(a.type)) return `Param ${p}['type'] must be one of {${ATTACHMENT_TYPES.join(', ')}} - got "${String(a.type)}".`;
  if (!isRecord(a.payload)) return `The parameter ${p}['payload'] is required.`;
  if (a.type === 'template') return null;
  const { url, attachment_id: id } = a.payload;
  if (url === undefined && id === undefined) return `The parameter ${p}['payload']['url'] or ${p}['payload']['attachment_id'] is required.`;
  if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url))) return `Param ${p}['payload']['url'] must be a valid URL.`;
  return null;
}

function scheduleEvents(ctx: GraphCtx, a: MessagingAccount, k: Effective, user: string, mid: string, msg: Record<string, unknown>): void {
  const { sb, now } = ctx;
  const target = sb.target(k);
  if (!target) return;
  const object = a.platform === 'instagram' ? 'instagram' : 'page';
  const d = k.statusDelaysMs;
  const emit = (type: 'delivery' | 'read' | 'echo', at: number, fields: Record<string, unknown> = {}, text: string | null = null) => {
    const event = buildMessagingEvent({ platform: a.platform, accountId: a.id, from: user, type, text, timestampMs: at, mid, lastOutbound: mid, fields });
    sb.batcher.enqueue(target, { kind: 'messaging', object, entryId: a.id, event }, at);
  };
  if (k.echoes) {
    const { attachment, attachments } = msg;
    const fields = Object.fromEntries(Object.entries({ attachment, attachments }).filter(([, v]) => v !== undefined));
    emit('echo', now + d.sent, fields, typeof msg.text === 'string' ? msg.text : null);
  }
  if (!k.statusWebhooks) return;
  // Messenger reports deliveries and reads by watermark; Instagram only reads (messaging_seen).
  if (a.platform === 'messenger') emit('delivery', now + d.delivered);
  if (chance(sb.rng, k.readRate)) emit('read', now + d.read);
}
