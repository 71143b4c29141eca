import type { ChannelAdapter, ChannelEvents, ChannelMessage, SentParts } from '../channel.ts';
import { messagingFailureTitle } from './errors.ts';
import { noEvents } from '../channel.ts';
import { parseStoredBody } from '../webhook-json.ts';
import { attachmentMessageBody, splitReplyText, textMessageBody } from './send.ts';
import { parseMessagingWebhook, type Attachment, type MessagingChannel, type MessagingEvent } from './webhook.ts';

// Instagram and Messenger behind the channel interface. Both speak the Messenger Platform: the
// same webhook items (webhook.ts), the same Send API (client.ts, send.ts) and errors (errors.ts);
// they differ in the webhook object, the text limit and the window error's subcode.

const CUSTOMER_WINDOW_MS = 24 * 3600_000;

/** messages.type of an attachment (the inbox shows media by type, as WhatsApp's). */
const TYPE_OF_ATTACHMENT: Record<Attachment['type'], string> = {
  image: 'image', video: 'video', audio: 'audio', file: 'document', sticker: 'sticker', share: 'share',
  story_mention: 'story_mention', reel: 'share', ig_reel: 'share', template: 'share', fallback: 'share', unknown: 'unsupported',
};

export function messagingEvents(raw: string): ChannelEvents {
  const parsed = parseMessagingWebhook(parseStoredBody(raw));
  const out = noEvents();
  out.ignored = parsed.ignored;
  for (const e of parsed.events) addEvent(e, out);
  return out;
}

function addEvent(e: MessagingEvent, out: ChannelEvents): void {
  const base = { channel: e.channel, accountId: e.accountId, customerId: e.customerId, timestamp: e.timestamp };
  const message = (m: Omit<ChannelMessage, keyof typeof base | 'standby' | 'profileName' | 'contextId' | 'direction'> & Partial<ChannelMessage>) =>
    out.messages.push({ ...base, direction: 'inbound', contextId: null, profileName: null, standby: e.standby, ...m });
  // Postbacks and referrals carry no message id: one is made from what identifies the event, so a
  // redelivery is still recognised.
  const synthetic = (kind: string) => `${kind}.${e.accountId}.${e.customerId}.${e.timestamp.getTime()}`;
  switch (e.kind) {
    case 'message': {
      if (e.isDeleted) {
        out.edits.push({ ...base, externalId: e.mid, text: null, deleted: true });
        return;
      }
      const first = e.attachments[0];
      const type = e.isUnsupported ? 'unsupported' : first ? TYPE_OF_ATTACHMENT[first.type] : 'text';
      const payload = {
        ...(e.attachments.length ? { attachments: e.attachments } : {}),
        ...(e.quickReplyPayload ? { quick_reply: e.quickReplyPayload } : {}),
        ...(e.storyReply ? { story_reply: e.storyReply } : {}),
      };
      message({ externalId: e.mid, type, text: e.text, payload: Object.keys(payload).length ? payload : null, contextId: e.replyToMid, direction: e.isEcho ? 'outbound' : 'inbound' });
      return;
    }
    case 'postback':
      message({ externalId: e.mid ?? synthetic('postback'), type: 'postback', text: e.title ?? e.payload, payload: { title: e.title, payload: e.payload } });
      return;
    case 'referral':
      message({ externalId: synthetic('referral'), type: 'referral', text: e.ref, payload: { ref: e.ref, source: e.source, type: e.type } });
      return;
    case 'reaction':
      out.reactions.push({ ...base, externalId: e.mid, emoji: e.action === 'unreact' ? null : (e.emoji ?? e.reaction) });
      return;
    case 'edit':
      out.edits.push({ ...base, externalId: e.mid, text: e.text, deleted: false });
      return;
    case 'read':
      if (e.mid) out.statuses.push({ channel: e.channel, accountId: e.accountId, externalId: e.mid, status: 'read', timestamp: e.timestamp, errorCode: null, errorTitle: null });
      else if (e.watermark) out.watermarks.push({ ...base, status: 'read', watermark: e.watermark });
      return;
    case 'delivery':
      for (const mid of e.mids) out.statuses.push({ channel: e.channel, accountId: e.accountId, externalId: mid, status: 'delivered', timestamp: e.timestamp, errorCode: null, errorTitle: null });
      if (!e.mids.length && e.watermark) out.watermarks.push({ ...base, status: 'delivered', watermark: e.watermark });
  }
}

function messagingChannel(channel: MessagingChannel, webhookObject: string): ChannelAdapter {
  return {
    channel,
    webhookObject,
    parseWebhook: messagingEvents,
    automatedWindowMs: CUSTOMER_WINDOW_MS,
    async describeAccount({ graph, baseUrl, externalId, token }) {
      const r = await graph.messaging(baseUrl).getAccount(channel, externalId, token);
      if (!r.ok) return r;
      const a = r.account;
      const handle = channel === 'instagram' ? (a.username ? `@${a.username}` : null) : a.name;
      return { ok: true, info: { id: a.id, handle, verifiedName: a.name, displayPhoneNumber: null, qualityRating: null, status: null, throughputLevel: null } };
    },
    async sendText({ graph, baseUrl, externalId, token }, to, text, opts = {}) {
      const client = graph.messaging(baseUrl);
      const parts = splitReplyText(text, channel);
      const sent: SentParts = [];
      for (const [i, part] of parts.entries()) {
        const r = await client.send(externalId, token, textMessageBody(to, part, opts));
        if (!r.ok) return { ...r, sent, unsent: parts.slice(i).join('\n\n') };
        sent.push({ externalId: r.mid, text: part });
      }
      return { ok: true, sent };
    },
    // A caption goes as text messages after the attachment; only the first message quotes the customer's.
    async sendMessage({ graph, baseUrl, externalId, token }, to, content, opts = {}) {
      const client = graph.messaging(baseUrl);
      const sent: SentParts = [];
      const caption = content.kind === 'media' ? (content.caption ?? '') : content.kind === 'text' ? content.text : '';
      if (content.kind === 'template') {
        return { ok: false, kind: 'permanent', retryable: false, code: null, subcode: null, httpStatus: null, reason: 'templates are WhatsApp messages', sent, unsent: '' };
      }
      let replyTo = channel === 'messenger' ? (opts.replyTo ?? null) : null;
      if (content.kind === 'media') {
        const type = content.mediaType === 'document' ? 'file' : content.mediaType;
        const r = await client.send(externalId, token, attachmentMessageBody(to, type, content.url, { humanAgent: opts.humanAgent, replyTo }));
        if (!r.ok) return { ...r, sent, unsent: caption };
        sent.push({ externalId: r.mid, text: '', media: true });
        replyTo = null;
      }
      const parts = splitReplyText(caption, channel);
      for (const [i, part] of parts.entries()) {
        const r = await client.send(externalId, token, textMessageBody(to, part, { humanAgent: opts.humanAgent, replyTo }));
        if (!r.ok) return { ...r, sent, unsent: parts.slice(i).join('\n\n') };
        sent.push({ externalId: r.mid, text: part });
        replyTo = null;
      }
      return { ok: true, sent };
    },
    // Meta documents reply_to on the Messenger Send API only.
    replyContext: channel === 'messenger',
    failureTitle: messagingFailureTitle,
  };
}

export const instagramChannel = messagingChannel('instagram', 'instagram');
export const messengerChannel = messagingChannel('messenger', 'page');
