// Instagram and Messenger Send API bodies for a text reply. Pure. Meta caps a text message at
// 1,000 bytes of UTF-8 on Instagram and 2,000 characters on Messenger, so a longer reply (an LLM
// answer easily is) goes out as several messages, cut where a reader would: between paragraphs,
// else after a sentence, else between words, and never inside a character or an emoji.

import type { MessagingChannel } from './webhook.ts';

export const TEXT_LIMIT: Record<MessagingChannel, { unit: 'bytes' | 'chars'; max: number }> = {
  instagram: { unit: 'bytes', max: 1000 },
  messenger: { unit: 'chars', max: 2000 },
};

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function textSize(text: string, channel: MessagingChannel): number {
  return TEXT_LIMIT[channel].unit === 'bytes' ? encoder.encode(text).length : [...text].length;
}

/** The reply as messages that each fit the channel's limit, in order; empty text gives none. */
export function splitReplyText(text: string, channel: MessagingChannel): string[] {
  const max = TEXT_LIMIT[channel].max;
  const parts: string[] = [];
  let rest = text.trim();
  while (rest) {
    if (textSize(rest, channel) <= max) {
      parts.push(rest);
      break;
    }
    const head = longestFittingPrefix(rest, channel, max);
    const cut = preferredCut(head);
    parts.push(head.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return parts;
}

/** The longest prefix of whole graphemes within `max`. */
function longestFittingPrefix(text: string, channel: MessagingChannel, max: number): string {
  let end = 0;
  let size = 0;
  for (const { segment } of graphemes.segment(text)) {
    const s = textSize(segment, channel);
    if (size + s > max) break;
    size += s;
    end += segment.length;
  }
  // A single grapheme larger than the limit (a pathological emoji sequence): cut by code points.
  if (end === 0) {
    for (const ch of text) {
      if (textSize(text.slice(0, end + ch.length), channel) > max) break;
      end += ch.length;
    }
  }
  return text.slice(0, Math.max(end, 1));
}

/** Where to end this part inside `head`: a paragraph break, else a sentence end, else a space, past its first third. */
function preferredCut(head: string): number {
  const third = Math.floor(head.length / 3);
  for (const pattern of [/\n\s*\n/g, /[.!?。！？]\s/g, /\s/g]) {
    let best = -1;
    for (const m of head.matchAll(pattern)) if (m.index! >= third) best = m.index! + m[0].length;
    if (best > 0) return best;
  }
  return head.length;
}

/** Meta's attachment types: a document is a `file`. */
export type AttachmentType = 'image' | 'video' | 'audio' | 'file';

export interface SendBody {
  recipient: { id: string };
  messaging_type: 'RESPONSE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
  message: { text: string } | { attachment: { type: AttachmentType; payload: { url: string; is_reusable: false } } };
  /** Quotes the customer's message (Messenger). */
  reply_to?: { mid: string };
}

export interface BodyOptions {
  humanAgent?: boolean;
  replyTo?: string | null;
}

/**
 * One message to a customer. Automated replies go as RESPONSE inside the 24-hour window; a
 * human agent's reply after it (up to 7 days) needs the HUMAN_AGENT tag.
 */
function messageBody(recipientId: string, message: SendBody['message'], opts: BodyOptions): SendBody {
  const kind = opts.humanAgent ? { messaging_type: 'MESSAGE_TAG' as const, tag: 'HUMAN_AGENT' as const } : { messaging_type: 'RESPONSE' as const };
  return { recipient: { id: recipientId }, ...kind, message, ...(opts.replyTo ? { reply_to: { mid: opts.replyTo } } : {}) };
}

export const textMessageBody = (recipientId: string, text: string, opts: BodyOptions = {}): SendBody => messageBody(recipientId, { text }, opts);

/** A file by its public URL (Meta fetches it); the Send API takes no caption with it. */
export const attachmentMessageBody = (recipientId: string, type: AttachmentType, url: string, opts: BodyOptions = {}): SendBody =>
  messageBody(recipientId, { attachment: { type, payload: { url, is_reusable: false } } }, opts);
