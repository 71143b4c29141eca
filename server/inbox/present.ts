import { z } from 'zod';
import { iso, isoOrNull } from '../http/present.ts';
import { CHANNELS } from '../channels/channel.ts';
import type { ConversationRow, MessageRow } from './queries.ts';

// The inbox as the API shows it: camelCase, the account and the customer as nested objects, the
// same conversation shape in the list and the thread header. The frontend imports these types.

export const conversationView = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(['open', 'archived']),
  isTest: z.boolean(),
  lastMessageAt: z.string().nullable(),
  lastMessagePreview: z.string().nullable(),
  createdAt: z.string(),
  /** The business side: a WhatsApp number, an Instagram account or a Facebook Page. */
  account: z.object({
    id: z.string(),
    name: z.string(),
    /** The @username, the Page's name or the number as Meta shows it. */
    handle: z.string().nullable(),
  }),
  /** The customer, by the identity this channel knows them by. */
  contact: z.object({
    identityId: z.string(),
    /** wa_id (a phone number without +), IGSID or PSID. */
    externalId: z.string(),
    name: z.string().nullable(),
  }),
});
export type ConversationView = z.infer<typeof conversationView>;

export const messageView = z.object({
  /** A bigint, as a string. */
  id: z.string(),
  /** wamid or mid; null until Meta accepted an outbound message. */
  externalId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  /** text, image, template, story_mention, postback... (the channel's message type). */
  type: z.string(),
  body: z.string().nullable(),
  /** What the type carries beyond the text (media, location, story, postback...); `{deleted: true}` once unsent. */
  payload: z.unknown(),
  /** A campaign send: its template's name (its rendered text is in body). */
  templateName: z.string().nullable(),
  /** The message this one replies to. */
  contextExternalId: z.string().nullable(),
  /** The customer's emoji on this message. */
  reaction: z.string().nullable(),
  editedAt: z.string().nullable(),
  editCount: z.number(),
  status: z.string(),
  errorCode: z.number().nullable(),
  errorTitle: z.string().nullable(),
  isTest: z.boolean(),
  sentAt: z.string().nullable(),
  statusAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageView>;

export const conversationListView = z.object({
  items: z.array(conversationView),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type ConversationListView = z.infer<typeof conversationListView>;

export const threadView = z.object({
  conversation: conversationView,
  /** Oldest first. */
  messages: z.array(messageView),
});
export type ThreadView = z.infer<typeof threadView>;

export function presentConversation(c: ConversationRow): ConversationView {
  return {
    id: c.id,
    channel: c.channel,
    status: c.status,
    isTest: c.is_test,
    lastMessageAt: isoOrNull(c.last_message_at),
    lastMessagePreview: c.last_message_preview,
    createdAt: iso(c.created_at),
    account: { id: c.account_id, name: c.account_name, handle: c.account_handle ?? c.account_phone },
    contact: { identityId: c.identity_id, externalId: c.identity_external_id, name: c.contact_name },
  };
}

export function presentMessage(m: MessageRow): MessageView {
  return {
    id: m.id,
    externalId: m.external_id,
    direction: m.direction,
    type: m.type,
    body: m.body,
    payload: m.payload,
    templateName: m.template_name,
    contextExternalId: m.context_external_id,
    reaction: m.reaction,
    editedAt: isoOrNull(m.edited_at),
    editCount: m.edit_count,
    status: m.status,
    errorCode: m.error_code,
    errorTitle: m.error_title,
    isTest: m.is_test,
    sentAt: isoOrNull(m.sent_at),
    statusAt: isoOrNull(m.status_at),
    createdAt: iso(m.created_at),
  };
}
