// Instagram (`object: "instagram"`) and Messenger (`object: "page"`) webhook events
// (META-PLATFORM 3.1, 3.3): one `messaging[]` element per call, with sender/recipient/timestamp
// (ms) and one event object. Pure. Reactions, reads and deliveries refer to the business's last
// message to the user; edits and deletions to the user's own last message.
import type { MessagingPlatform } from '../registry.ts';

export const MESSAGING_INBOUND_TYPES = [
  'text', 'image', 'video', 'audio', 'file', 'sticker', 'share', 'quick_reply', 'story_reply', 'story_mention',
  'reaction', 'unreact', 'postback', 'message_edit', 'read', 'delivery', 'referral', 'unsupported', 'deleted', 'echo',
] as const;
export type MessagingInboundType = (typeof MESSAGING_INBOUND_TYPES)[number];

const IG_ONLY: MessagingInboundType[] = ['story_reply', 'story_mention', 'unsupported', 'deleted'];
const MESSENGER_ONLY: MessagingInboundType[] = ['delivery'];

export function typeAllowed(platform: MessagingPlatform, type: MessagingInboundType): boolean {
  return platform === 'instagram' ? !MESSENGER_ONLY.includes(type) : !IG_ONLY.includes(type);
}

export interface MessagingInboundSpec {
  platform: MessagingPlatform;
  accountId: string;
  from: string;
  type: MessagingInboundType;
  text: string | null;
  timestampMs: number;
  mid: string;
  /** The business's last message to this user (what reactions/reads refer to). */
  lastOutbound: string | null;
  /** The user's own last message and its edit count so far (what edits/deletions refer to). */
  customerLast?: { mid: string; edits: number } | null;
  /** Attachment URL for the attachment types; default a sandbox CDN URL. */
  url?: string | null;
  fields: Record<string, unknown>;
}

/** Messenger's "like" thumbs-up sticker; any id marks the image as a sticker. */
const STICKER_ID = 369239263222822;

const CDN = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=';
/** Messenger attachments come from Facebook's CDN rather than Instagram's. */
const PAGE_CDN = 'https://scontent.xx.fbcdn.net/v/t1.15752-9/sandbox_';

export function buildMessagingEvent(s: MessagingInboundSpec): Record<string, unknown> {
  const f = s.fields;
  const target = s.lastOutbound ?? s.mid;
  const ev: Record<string, unknown> = { sender: { id: s.from }, recipient: { id: s.accountId }, timestamp: s.timestampMs };
  const asset = String(s.timestampMs);
  const own = s.customerLast?.mid ?? s.mid;
  const url = s.url ?? (s.platform === 'instagram' ? `${CDN}${asset}` : `${PAGE_CDN}${asset}`);
  switch (s.type) {
    case 'text':
      ev.message = { mid: s.mid, text: s.text ?? 'Hello from the sandbox', ...f };
      break;
    case 'image': case 'video': case 'audio': case 'file':
      ev.message = { mid: s.mid, attachments: [{ type: s.type, payload: { url } }], ...f };
      break;
    case 'sticker':
      // Both platforms send a sticker as an image attachment carrying sticker_id; Messenger also
      // repeats it on the message.
      ev.message = {
        mid: s.mid,
        attachments: [{ type: 'image', payload: { url, sticker_id: STICKER_ID } }],
        ...(s.platform === 'messenger' ? { sticker_id: STICKER_ID } : {}),
        ...f,
      };
      break;
    case 'share': {
      const post = s.platform === 'instagram' ? `https://www.instagram.com/p/Sandbox${asset}/` : `https://www.facebook.com/sandbox/posts/${asset}`;
      ev.message = { mid: s.mid, attachments: [{ type: 'share', payload: { url: s.url ?? post } }], ...f };
      break;
    }
    case 'quick_reply':
      ev.message = { mid: s.mid, text: s.text ?? 'Yes', quick_reply: { payload: 'QR_YES' }, ...f };
      break;
    case 'story_reply':
      ev.message = { mid: s.mid, text: s.text ?? 'Nice story!', reply_to: { story: { url: `${CDN}${asset}`, id: asset } }, ...f };
      break;
    case 'story_mention':
      ev.message = { mid: s.mid, attachments: [{ type: 'story_mention', payload: { url } }], ...f };
      break;
    case 'reaction':
      ev.reaction = { mid: target, action: 'react', reaction: 'love', emoji: '❤️', ...f };
      break;
    case 'unreact':
      ev.reaction = { mid: target, action: 'unreact', ...f };
      break;
    case 'postback':
      ev.postback = s.platform === 'instagram'
        ? { mid: s.mid, title: s.text ?? 'Track order', payload: 'TRACK_ORDER', ...f }
        : { title: s.text ?? 'Track order', payload: 'TRACK_ORDER', ...f };
      break;
    case 'message_edit':
      ev.message_edit = { mid: own, text: s.text ?? 'Edited: hello from the sandbox', num_edit: (s.customerLast?.edits ?? 0) + 1, ...f };
      break;
    case 'read':
      ev.read = s.platform === 'instagram' ? { mid: target, ...f } : { watermark: s.timestampMs, ...f };
      break;
    case 'delivery':
      ev.delivery = { mids: [target], watermark: s.timestampMs, ...f };
      break;
    case 'referral':
      ev.referral = { ref: 'sandbox', source: 'SHORTLINK', type: 'OPEN_THREAD', ...f };
      break;
    case 'unsupported':
      ev.message = { mid: s.mid, is_unsupported: true, ...f };
      break;
    case 'deleted':
      ev.message = { mid: own, is_deleted: true, ...f };
      break;
    case 'echo':
      ev.sender = { id: s.accountId };
      ev.recipient = { id: s.from };
      // An attachment-only echo carries no text.
      ev.message = { mid: s.mid, is_echo: true, ...(s.text !== null || !('attachment' in f || 'attachments' in f) ? { text: s.text ?? 'Echo' } : {}), ...f };
      break;
  }
  return ev;
}

/** Types that open (or refresh) the 24 h messaging window: the user did something in the thread
 * (wrote, tapped, reacted, came from a referral). Reads, receipts, echoes and changes to an old
 * message (edit, delete) do not. */
export function opensWindow(type: MessagingInboundType): boolean {
  return !['read', 'delivery', 'echo', 'deleted', 'message_edit'].includes(type);
}

/** Types that are a new message from the user, with their own mid (later edits refer to it). */
export function isCustomerMessage(type: MessagingInboundType): boolean {
  return ['text', 'image', 'video', 'audio', 'file', 'sticker', 'share', 'quick_reply', 'story_reply', 'story_mention', 'unsupported'].includes(type);
}
