import type { ChannelAdapter, ChannelEvents, ChannelMessage } from '../channel.ts';
import { noEvents } from '../channel.ts';
import { graphErrorTitle, summarizeGraphFailure } from './error-summary.ts';
import { outgoingBody } from './outgoing.ts';
import { parseWhatsAppWebhookText, type InboundMessage } from './webhook.ts';

// WhatsApp behind the channel interface: webhook bodies become channel events, texts go out as
// Cloud API text messages from the number (phone number id) with its token.

const CUSTOMER_WINDOW_MS = 24 * 3600_000;
/** Meta's limit on a text message body. */
export const WHATSAPP_TEXT_MAX = 4096;

export function textMessageBody(to: string, text: string) {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: text.slice(0, WHATSAPP_TEXT_MAX), preview_url: false } };
}

export function whatsappEvents(raw: string): ChannelEvents {
  const parsed = parseWhatsAppWebhookText(raw);
  const out = noEvents();
  out.templateEvents = parsed.templateEvents;
  out.ignored = parsed.ignored.map((i) => ({ reason: `${i.field}: ${i.reason}` }));
  for (const m of parsed.messages) {
    out.messages.push(messageOf(m));
    // A reaction is a message of its own on WhatsApp, and is also shown on the message it is about.
    const target = m.type === 'reaction' ? (m.payload as { message_id?: unknown } | null)?.message_id : undefined;
    if (typeof target === 'string') {
      out.reactions.push({ channel: 'whatsapp', accountId: m.phoneNumberId, customerId: m.from, timestamp: m.timestamp, externalId: target, emoji: m.text });
    }
  }
  for (const s of parsed.statuses) {
    out.statuses.push({ channel: 'whatsapp', accountId: s.phoneNumberId, externalId: s.wamid, status: s.status, timestamp: s.timestamp, errorCode: s.errorCode, errorTitle: s.errorTitle });
  }
  return out;
}

const messageOf = (m: InboundMessage): ChannelMessage => ({
  channel: 'whatsapp',
  accountId: m.phoneNumberId,
  customerId: m.from,
  timestamp: m.timestamp,
  externalId: m.wamid,
  direction: 'inbound',
  type: m.type,
  text: m.text,
  payload: m.payload,
  contextId: m.contextWamid,
  profileName: m.profileName,
  bsuid: m.userId !== m.from ? m.userId : null,
  standby: false,
});

export const whatsappChannel: ChannelAdapter = {
  channel: 'whatsapp',
  webhookObject: 'whatsapp_business_account',
  parseWebhook: whatsappEvents,
  automatedWindowMs: CUSTOMER_WINDOW_MS,
  async describeAccount({ graph, baseUrl, externalId, token }) {
    const r = await graph.for(baseUrl).getPhoneNumber(externalId, token);
    if (!r.ok) return r;
    const p = r.phone;
    return { ok: true, info: { id: p.id ?? externalId, handle: p.display_phone_number ?? null, verifiedName: p.verified_name ?? null, displayPhoneNumber: p.display_phone_number ?? null, qualityRating: p.quality_rating ?? null, status: p.status ?? null, throughputLevel: p.throughput?.level ?? null } };
  },
  async sendText({ graph, baseUrl, externalId, token }, to, text) {
    const body = textMessageBody(to, text);
    const r = await graph.for(baseUrl).sendMessage(externalId, token, body);
    return r.ok ? { ok: true, sent: [{ externalId: r.wamid, text: body.text.body }] } : { ...r, sent: [], unsent: text };
  },
  async sendMessage({ graph, baseUrl, externalId, token }, to, content, opts = {}) {
    const text = content.kind === 'text' ? content.text : content.kind === 'media' ? (content.caption ?? '') : '';
    const built = outgoingBody(to, content, opts.replyTo ?? null);
    if (!built.ok) return { ok: false, kind: 'permanent', retryable: false, code: null, subcode: null, httpStatus: null, reason: built.reason, sent: [], unsent: text };
    const r = await graph.for(baseUrl).sendMessage(externalId, token, built.body);
    return r.ok ? { ok: true, sent: [{ externalId: r.wamid, text, media: content.kind === 'media' }] } : { ...r, sent: [], unsent: text };
  },
  replyContext: true,
  failureTitle: (f) => graphErrorTitle(f.code) ?? summarizeGraphFailure(f),
};
