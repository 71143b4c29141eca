import { z } from 'zod';
import { CHANNELS, type Channel } from '../channels/channel.ts';
import { iso, isoOrNull } from '../http/present.ts';
import { messageView } from '../inbox/present.ts';
import type { ReplyWindow } from './window.ts';

// Replying as the API shows it: the window that applies now, a send's recorded messages, the
// templates a person may send in a conversation, and canned replies. The frontend imports these types.

export const replyWindowView = z.object({
  channel: z.enum(CHANNELS),
  /** open: free-form; human_agent: Instagram/Messenger with the HUMAN_AGENT tag (24 h to 7 days); template_only: WhatsApp after 24 h; closed: nothing can be sent. */
  state: z.enum(['open', 'human_agent', 'template_only', 'closed']),
  lastCustomerMessageAt: z.string().nullable(),
  /** When this state ends (null: it lasts until the customer writes). */
  endsAt: z.string().nullable(),
  /** When free-form replies stopped. */
  closedAt: z.string().nullable(),
  /** Whether a reply can quote one of the messages (WhatsApp, Messenger). */
  replyContext: z.boolean(),
});
export type ReplyWindowView = z.infer<typeof replyWindowView>;

export const presentReplyWindow = (channel: Channel, w: ReplyWindow, replyContext: boolean): ReplyWindowView => ({
  channel,
  state: w.state,
  lastCustomerMessageAt: isoOrNull(w.lastCustomerMessageAt),
  endsAt: isoOrNull(w.endsAt),
  closedAt: isoOrNull(w.closedAt),
  replyContext,
});

export const sentView = z.object({
  /** The message as recorded: sent, or failed with Meta's code and our title. */
  message: messageView,
  /** Every message the send became (Instagram and Messenger send a caption apart, and split long texts). */
  messages: z.array(messageView),
});
export type SentView = z.infer<typeof sentView>;

export const inboxTemplateView = z.object({
  name: z.string(),
  language: z.string(),
  category: z.string(),
  /** Meta's components, for the preview. */
  components: z.array(z.record(z.string(), z.unknown())),
  needs: z.object({
    /** The header's media type: the send needs headerMediaUrl. */
    headerMedia: z.enum(['image', 'video', 'document']).nullable(),
    /** POSITIONAL: {{1}}..{{n}}. */
    variables: z.number(),
    /** NAMED: the parameter names. */
    named: z.array(z.string()),
  }),
});
export const inboxTemplateListView = z.object({ items: z.array(inboxTemplateView) });
export type InboxTemplateView = z.infer<typeof inboxTemplateView>;

export const cannedReplyView = z.object({
  id: z.string(),
  shortcut: z.string(),
  body: z.string(),
  /** The body with its variables filled for the conversation asked about; null without one. */
  filled: z.string().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CannedReplyView = z.infer<typeof cannedReplyView>;
export const cannedReplyListView = z.object({ items: z.array(cannedReplyView) });

export interface CannedReplyRow {
  id: string;
  shortcut: string;
  body: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
}

export const presentCannedReply = (r: CannedReplyRow, filled: string | null = null): CannedReplyView => ({
  id: r.id,
  shortcut: r.shortcut,
  body: r.body,
  filled,
  createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});
