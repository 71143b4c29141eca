// Turns an Instagram (`object: "instagram"`) or Messenger (`object: "page"`) webhook body into
// typed events. Both speak the Messenger Platform format: entry[] per business account (IG
// professional account id or Page id), each with messaging[] items (or standby[] when another app
// owns the thread) of sender, recipient, a millisecond timestamp and one event object. Pure: no I/O.
// Tolerant: unknown fields are ignored, unknown items are kept in `ignored` with a reason.

import { arr, isObj, storableDate, type Obj } from '../webhook-json.ts';

export type MessagingChannel = 'instagram' | 'messenger';

export const ATTACHMENT_TYPES = ['image', 'video', 'audio', 'file', 'sticker', 'share', 'story_mention', 'reel', 'ig_reel', 'template', 'fallback'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface Attachment {
  type: AttachmentType | 'unknown';
  url: string | null;
}

/** What every event carries: which account, which customer, when, and whether another app owns the thread. */
interface EventBase {
  channel: MessagingChannel;
  /** The business: IG professional account id or Page id (entry.id). */
  accountId: string;
  /** The customer's IGSID or PSID (the recipient when the business is the sender: echoes). */
  customerId: string;
  timestamp: Date;
  /** Delivered on the standby channel: another app controls the thread; record, never answer. */
  standby: boolean;
}

export type MessagingEvent =
  | (EventBase & {
      kind: 'message';
      mid: string;
      text: string | null;
      attachments: Attachment[];
      quickReplyPayload: string | null;
      replyToMid: string | null;
      /** A reply to the business's story (Instagram). */
      storyReply: { id: string | null; url: string | null } | null;
      /** Sent by the business from the Page inbox or the Instagram app: outbound, never answered. */
      isEcho: boolean;
      isDeleted: boolean;
      isUnsupported: boolean;
    })
  | (EventBase & { kind: 'reaction'; mid: string; action: 'react' | 'unreact'; reaction: string | null; emoji: string | null })
  | (EventBase & { kind: 'postback'; mid: string | null; title: string | null; payload: string | null })
  | (EventBase & { kind: 'edit'; mid: string; text: string | null; editCount: number | null })
  | (EventBase & { kind: 'read'; mid: string | null; watermark: Date | null })
  | (EventBase & { kind: 'delivery'; mids: string[]; watermark: Date | null })
  | (EventBase & { kind: 'referral'; ref: string | null; source: string | null; type: string | null });

export interface ParsedMessaging {
  events: MessagingEvent[];
  ignored: Array<{ reason: string }>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

export function channelOfObject(object: unknown): MessagingChannel | null {
  return object === 'instagram' ? 'instagram' : object === 'page' ? 'messenger' : null;
}

export function parseMessagingWebhook(body: unknown): ParsedMessaging {
  const out: ParsedMessaging = { events: [], ignored: [] };
  const channel = isObj(body) ? channelOfObject(body.object) : null;
  if (!channel || !isObj(body)) {
    out.ignored.push({ reason: 'not an Instagram or Messenger webhook' });
    return out;
  }
  for (const entry of arr(body.entry)) {
    const accountId = str(entry.id);
    if (!accountId) {
      out.ignored.push({ reason: 'entry without id' });
      continue;
    }
    for (const [items, standby] of [[arr(entry.messaging), false], [arr(entry.standby), true]] as const) {
      for (const item of items) {
        const event = parseItem(item, { channel, accountId, standby, entryTime: storableDate(entry.time) });
        if ('reason' in event) out.ignored.push(event);
        else out.events.push(event);
      }
    }
    // Facebook Login Instagram accounts send comments and mentions as changes[]: not messaging.
    for (const change of arr(entry.changes)) out.ignored.push({ reason: `field ${str(change.field) ?? '?'} not handled` });
  }
  return out;
}

function parseItem(item: Obj, ctx: { channel: MessagingChannel; accountId: string; standby: boolean; entryTime: Date | null }): MessagingEvent | { reason: string } {
  const sender = str(item.sender?.id);
  const recipient = str(item.recipient?.id);
  const m = isObj(item.message) ? item.message : null;
  const isEcho = m?.is_echo === true;
  // The customer is whoever is not the business; an echo is sent by the business.
  const customerId = isEcho ? recipient : sender === ctx.accountId ? recipient : sender;
  if (!customerId) return { reason: 'messaging item without sender or recipient' };
  const base: EventBase = { channel: ctx.channel, accountId: ctx.accountId, customerId, standby: ctx.standby, timestamp: storableDate(item.timestamp) ?? ctx.entryTime ?? new Date() };

  if (m) {
    const mid = str(m.mid);
    if (!mid) return { reason: 'message without mid' };
    const story = isObj(m.reply_to?.story) ? m.reply_to.story : null;
    return {
      ...base,
      kind: 'message',
      mid,
      text: typeof m.text === 'string' ? m.text : null,
      attachments: arr(m.attachments).map(attachmentOf),
      quickReplyPayload: str(m.quick_reply?.payload),
      replyToMid: str(m.reply_to?.mid),
      storyReply: story ? { id: str(story.id), url: str(story.url) } : null,
      isEcho,
      isDeleted: m.is_deleted === true,
      isUnsupported: m.is_unsupported === true,
    };
  }
  if (isObj(item.reaction)) {
    const r = item.reaction;
    const mid = str(r.mid);
    if (!mid) return { reason: 'reaction without mid' };
    return { ...base, kind: 'reaction', mid, action: r.action === 'unreact' ? 'unreact' : 'react', reaction: str(r.reaction), emoji: str(r.emoji) };
  }
  if (isObj(item.postback)) {
    const p = item.postback;
    return { ...base, kind: 'postback', mid: str(p.mid), title: str(p.title), payload: str(p.payload) };
  }
  if (isObj(item.message_edit)) {
    const e = item.message_edit;
    const mid = str(e.mid);
    if (!mid) return { reason: 'message_edit without mid' };
    return { ...base, kind: 'edit', mid, text: typeof e.text === 'string' ? e.text : null, editCount: Number.isInteger(e.num_edit) ? e.num_edit : null };
  }
  if (isObj(item.read)) return { ...base, kind: 'read', mid: str(item.read.mid), watermark: storableDate(item.read.watermark) };
  if (isObj(item.delivery)) {
    const mids = Array.isArray(item.delivery.mids) ? item.delivery.mids.map(str).filter((x: string | null): x is string => x !== null) : [];
    return { ...base, kind: 'delivery', mids, watermark: storableDate(item.delivery.watermark) };
  }
  if (isObj(item.referral)) {
    const r = item.referral;
    return { ...base, kind: 'referral', ref: str(r.ref), source: str(r.source), type: str(r.type) };
  }
  const keys = Object.keys(item).filter((k) => !['sender', 'recipient', 'timestamp'].includes(k));
  return { reason: `event ${keys.join(', ') || '(none)'} not handled` };
}

function attachmentOf(a: Obj): Attachment {
  const type = (ATTACHMENT_TYPES as readonly string[]).includes(a.type) ? (a.type as AttachmentType) : 'unknown';
  // Instagram sends stickers as images flagged with sticker_id; Messenger as image with sticker_id too.
  const sticker = type === 'image' && (a.payload?.sticker_id !== undefined || a.payload?.is_sticker === true);
  return { type: sticker ? 'sticker' : type, url: str(a.payload?.url) };
}
