import { randomUUID } from 'node:crypto';
import type { ChannelAdapter, SentParts } from '../channel.ts';
import { noEvents } from '../channel.ts';

// The website chat widget behind the channel interface. Nothing goes over a network here: the
// visitor's messages arrive through Parley's own visitor API (server/webchat/), and what the
// business sends is recorded like any channel's send and reaches the visitor through their live
// stream (server/webchat/stream.ts). So a "send" always succeeds and gives each part an id of its
// own (`wc_<uuid>`), which keeps rules, agents, Retry and human replies on their usual path
// (deliverText, compose, recordOutbound) with no special case.

/** The id of one business message to a web chat visitor. */
export const newWebchatMessageId = () => `wc_${randomUUID()}`;

/** The id a visitor's message is stored under: a retried send (same client id) is stored once. */
export const visitorMessageId = (visitorId: string, clientId: string) => `wc_${visitorId}_${clientId}`;

/** The client id back from a visitor message's id; null for the business's messages. */
export function clientIdOf(externalId: string | null): string | null {
  const m = externalId ? /^wc_v_[A-Za-z0-9_-]{22}_([0-9a-f-]{36})$/i.exec(externalId) : null;
  return m ? m[1]! : null;
}

const failure = (reason: string) => ({ ok: false as const, kind: 'permanent' as const, retryable: false, code: null, subcode: null, httpStatus: null, reason });

export const webchatChannel: ChannelAdapter = {
  channel: 'webchat',
  // Meta delivers nothing for web chat: no webhook object maps to it.
  webhookObject: null,
  parseWebhook: () => ({ ...noEvents(), ignored: [{ reason: 'web chat has no webhook' }] }),
  async describeAccount({ externalId }) {
    return { ok: true, info: { id: externalId, handle: null, verifiedName: null, displayPhoneNumber: null, qualityRating: null, status: null, throughputLevel: null } };
  },
  async sendText(_access, _to, text) {
    return { ok: true, sent: [{ externalId: newWebchatMessageId(), text }] };
  },
  // A file with a caption is one message: the widget shows the caption under the file.
  async sendMessage(_access, _to, content) {
    if (content.kind === 'template') return { ...failure('templates are WhatsApp messages'), sent: [], unsent: '' };
    const sent: SentParts = content.kind === 'text'
      ? [{ externalId: newWebchatMessageId(), text: content.text }]
      : [{ externalId: newWebchatMessageId(), text: content.caption ?? '', media: true }];
    return { ok: true, sent };
  },
  replyContext: false,
  // No 24-hour rule: the visitor's chat is ours, so a bot may answer however late.
  automatedWindowMs: Number.POSITIVE_INFINITY,
  failureTitle: () => 'Web chat refused the message',
};
