// What every channel turns its wire format into, and the one interface the rest of Parley uses
// to reach a channel. Each `channels/<name>/` folder is the only code that knows its payloads,
// URLs and error codes; the inbox, auto-replies and accounts see only these types.

import type { GraphClients } from './clients.ts';
import type { RowValues, TemplateForSend } from './whatsapp/template-payload.ts';
import type { StatusValue, TemplateEvent } from './whatsapp/webhook.ts';

export type Channel = 'whatsapp' | 'instagram' | 'messenger' | 'webchat';
export const CHANNELS = ['whatsapp', 'instagram', 'messenger', 'webchat'] as const satisfies readonly Channel[];

/** Which account and which customer an event is about (the account by its id at Meta). */
interface EventBase {
  channel: Channel;
  accountId: string;
  /** wa_id (or BSUID when Meta gives no wa_id), IGSID, PSID, or a web chat visitor id. */
  customerId: string;
  timestamp: Date;
}

/** A message in a conversation, from the customer or (an echo) from the business elsewhere. */
export interface ChannelMessage extends EventBase {
  externalId: string;
  direction: 'inbound' | 'outbound';
  /** messages.type: text, image, video, audio, document, sticker, share, story_mention, postback, ... */
  type: string;
  /** Human-readable text: body, caption, title, emoji... (previews, search, rules). */
  text: string | null;
  /** What Meta sent beyond the text (media URLs or ids, quick-reply payloads, story, ...). */
  payload: unknown;
  /** The message this one replies to. */
  contextId: string | null;
  profileName: string | null;
  /** WhatsApp's business-scoped user id, kept on the identity beside the wa_id. */
  bsuid?: string | null;
  /** Another app owns the thread (Messenger Platform standby): recorded, never answered. */
  standby: boolean;
}

/** A status of one outbound message, by its id. */
export interface ChannelStatus {
  channel: Channel;
  accountId: string;
  externalId: string;
  status: StatusValue;
  timestamp: Date;
  errorCode: number | null;
  errorTitle: string | null;
}

/** Messenger's receipts: every outbound message to the customer up to `watermark` moved. */
export interface ChannelWatermark extends EventBase {
  status: 'delivered' | 'read';
  watermark: Date;
}

/** The customer reacted to a message (emoji null: the reaction was removed). */
export interface ChannelReaction extends EventBase {
  externalId: string;
  emoji: string | null;
}

/** The customer edited (or unsent) a message. */
export interface ChannelEdit extends EventBase {
  externalId: string;
  text: string | null;
  deleted: boolean;
}

export interface ChannelEvents {
  messages: ChannelMessage[];
  statuses: ChannelStatus[];
  watermarks: ChannelWatermark[];
  reactions: ChannelReaction[];
  edits: ChannelEdit[];
  /** WhatsApp template status and category changes (per WABA). */
  templateEvents: TemplateEvent[];
  /** Items Parley does not act on, with why: kept for the debug log. */
  ignored: Array<{ reason: string }>;
}

export const noEvents = (): ChannelEvents => ({ messages: [], statuses: [], watermarks: [], reactions: [], edits: [], templateEvents: [], ignored: [] });

/** Why Meta (or the network) refused a call, classified for the caller. */
export interface ChannelFailure {
  ok: false;
  /** auth (190: the token is dead), window (outside the messaging window), throughput / pair_rate / rate_limit, unavailable, transient, permanent, network. */
  kind: 'auth' | 'window' | 'throughput' | 'pair_rate' | 'rate_limit' | 'unavailable' | 'transient' | 'permanent' | 'network';
  retryable: boolean;
  code: number | null;
  subcode: number | null;
  httpStatus: number | null;
  /** Meta's own words: for the debug log only (error-summary.ts says why). */
  reason: string;
}

/**
 * A send as it went out: each message it became (a channel may split a long text, or send a
 * caption apart from its attachment) with Meta's id; `media` marks the part that carried the file.
 */
export type SentParts = Array<{ externalId: string; text: string; media?: boolean }>;

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** What a person sends from the inbox: a text, a file by its public URL, or a WhatsApp template. */
export type OutgoingContent =
  | { kind: 'text'; text: string }
  | { kind: 'media'; mediaType: MediaType; url: string; caption: string | null; filename: string | null }
  | { kind: 'template'; template: TemplateForSend; values: RowValues };

export interface SendOptions {
  /** A person's reply after the 24-hour window (Instagram and Messenger tag it HUMAN_AGENT). */
  humanAgent?: boolean;
  /** Meta's id of the customer's message this one answers, where the channel can quote it (`replyContext`). */
  replyTo?: string | null;
}

/** On a failure, `sent` holds the parts that went out before it and `unsent` the rest of the text. */
export type SendResult = { ok: true; sent: SentParts } | (ChannelFailure & { sent: SentParts; unsent: string });

/** What "Test connection" learns about an account. */
export interface AccountInfo {
  id: string;
  /** WhatsApp: the number as Meta shows it; Instagram: @username; Messenger: the Page's name. */
  handle: string | null;
  verifiedName: string | null;
  displayPhoneNumber: string | null;
  qualityRating: string | null;
  /** WhatsApp: the number's status (CONNECTED...) and throughput level. */
  status: string | null;
  throughputLevel: string | null;
}

/** Where and as whom a channel call goes. */
export interface AccountAccess {
  graph: GraphClients;
  baseUrl: string;
  externalId: string;
  token: string;
}

export interface ChannelAdapter {
  channel: Channel;
  /** The webhook `object` its bodies carry; null for a channel Meta does not deliver (web chat). */
  webhookObject: string | null;
  parseWebhook(raw: string): ChannelEvents;
  describeAccount(access: AccountAccess): Promise<{ ok: true; info: AccountInfo } | ChannelFailure>;
  /** A text to a customer. `humanAgent`: a person's reply (Instagram and Messenger tag it HUMAN_AGENT). */
  sendText(access: AccountAccess, to: string, text: string, opts?: { humanAgent?: boolean }): Promise<SendResult>;
  /** A person's message from the inbox: text, media or (WhatsApp only) a template, optionally quoting a message. */
  sendMessage(access: AccountAccess, to: string, content: OutgoingContent, opts?: SendOptions): Promise<SendResult>;
  /** Whether a reply can quote one of the customer's messages (WhatsApp context, Messenger reply_to). */
  replyContext: boolean;
  /** How long after the customer's last message an automated reply may be sent (Infinity: no window). */
  automatedWindowMs: number;
  /** A short title for a refusal, for the user (never Meta's free text: error-summary.ts says why). */
  failureTitle(f: ChannelFailure): string;
}
