import { z } from 'zod';
import { iso, isoOrNull } from '../http/present.ts';
import { CHANNELS } from '../channels/channel.ts';
import type { ConversationRow, MessageRow } from './queries.ts';
import { snippetOf, type SearchHitRow } from './search.ts';

// The inbox as the API shows it: camelCase, the account and the customer as nested objects, the
// same conversation shape in the list and the thread header. The frontend imports these types.

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'archived'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const BOT_PAUSE_REASONS = ['human_reply', 'manual', 'rule', 'agent', 'customer_request'] as const;

export const conversationView = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  /** open; pending (waiting on the customer or a colleague); snoozed until `snoozedUntil`; resolved; archived (account removed). */
  status: z.enum(CONVERSATION_STATUSES),
  snoozedUntil: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** Who answers it; null when unassigned. */
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Set while a person handles it: no rule, agent or default reply answers until `resumesAt` (null: until resumed or resolved). */
  botPaused: z.object({ at: z.string(), reason: z.enum(BOT_PAUSE_REASONS), resumesAt: z.string().nullable() }).nullable(),
  /** Customer messages since someone last opened it. */
  unreadCount: z.number(),
  labels: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })),
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
  /** A note is private to the team: never sent. */
  direction: z.enum(['inbound', 'outbound', 'note']),
  /** The person who wrote it (a human reply or a note); null for customers, bots and campaigns. */
  sentBy: z.object({ id: z.string(), name: z.string() }).nullable(),
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
  /** Whether there are older messages than the first (load them with `before`). */
  hasOlder: z.boolean(),
  /** Whether there are newer messages than the last (after `around` or `before`; load them with `after`). */
  hasNewer: z.boolean(),
});
export type ThreadView = z.infer<typeof threadView>;

export function presentConversation(c: ConversationRow): ConversationView {
  return {
    id: c.id,
    channel: c.channel,
    status: c.status,
    snoozedUntil: isoOrNull(c.snoozed_until),
    resolvedAt: isoOrNull(c.resolved_at),
    assignee: c.assignee_id ? { id: c.assignee_id, name: c.assignee_name ?? '' } : null,
    botPaused: botPausedOf(c),
    unreadCount: c.unread_count,
    labels: c.labels,
    isTest: c.is_test,
    lastMessageAt: isoOrNull(c.last_message_at),
    lastMessagePreview: c.last_message_preview,
    createdAt: iso(c.created_at),
    account: { id: c.account_id, name: c.account_name, handle: c.account_handle ?? c.account_phone },
    contact: { identityId: c.identity_id, externalId: c.identity_external_id, name: c.contact_name },
  };
}

/** A pause whose idle time has passed is over: the bot answers again. */
function botPausedOf(c: ConversationRow, now = Date.now()): ConversationView['botPaused'] {
  if (!c.bot_paused_at || (c.bot_resumes_at && new Date(c.bot_resumes_at).getTime() <= now)) return null;
  return { at: iso(c.bot_paused_at), reason: c.bot_paused_reason!, resumesAt: isoOrNull(c.bot_resumes_at) };
}

export function presentMessage(m: MessageRow): MessageView {
  return {
    id: m.id,
    externalId: m.external_id,
    direction: m.direction,
    sentBy: m.sent_by_user_id ? { id: m.sent_by_user_id, name: m.sent_by_name ?? '' } : null,
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

export const searchResultListView = z.object({
  items: z.array(
    z.object({
      message: z.object({
        /** Open it with GET /api/inbox/conversations/:id/messages?around=<this id>. */
        id: z.string(),
        direction: z.enum(['inbound', 'outbound', 'note']),
        type: z.string(),
        sentAt: z.string().nullable(),
        createdAt: z.string(),
      }),
      /** Part of the text around the first match; `highlights` mark every match in it. */
      snippet: z.object({ text: z.string(), highlights: z.array(z.object({ start: z.number(), end: z.number() })) }),
      conversation: conversationView.pick({ id: true, channel: true, status: true, account: true, contact: true }),
    }),
  ),
  /** Pass as `cursor` for older results; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type SearchResultListView = z.infer<typeof searchResultListView>;
export type SearchResultView = SearchResultListView['items'][number];

export function presentSearchHit(h: SearchHitRow, terms: string[]): SearchResultView {
  return {
    message: { id: String(h.id), direction: h.direction, type: h.type, sentAt: isoOrNull(h.sent_at), createdAt: iso(h.created_at) },
    snippet: snippetOf(h.body, terms),
    conversation: {
      id: h.conversation_id,
      channel: h.channel,
      status: h.status,
      account: { id: h.account_id, name: h.account_name, handle: h.account_handle },
      contact: { identityId: h.identity_id, externalId: h.identity_external_id, name: h.contact_name },
    },
  };
}
