import { z } from 'zod';
import { iso } from '../http/present.ts';
import type { AgentRow, ConversationEventRow } from './queries.ts';
import type { InboxSettings } from './settings.ts';

// Conversation workflow as the API shows it: the activity log, the people to assign, labels
// with their counts, the inbox counters and the team's inbox settings.

export const conversationEventView = z.object({
  id: z.string(),
  /** status, reopened, assigned, bot_paused, bot_resumed, handover, labels. */
  type: z.string(),
  /** Who did it; null: Parley (a rule, an agent, a customer's message, a timer). */
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export const conversationEventListView = z.object({ items: z.array(conversationEventView) });

export const presentConversationEvent = (e: ConversationEventRow): z.infer<typeof conversationEventView> => ({
  id: String(e.id),
  type: e.type,
  actor: e.actor_user_id ? { id: e.actor_user_id, name: e.actor_name ?? '' } : null,
  detail: e.detail,
  createdAt: iso(e.created_at),
});

export const agentView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  availability: z.enum(['online', 'away', 'offline']),
  maxOpenConversations: z.number().nullable(),
  /** Open and pending conversations assigned to them. */
  openConversations: z.number(),
});
export type AgentView = z.infer<typeof agentView>;
export const agentListView = z.object({ items: z.array(agentView) });

export const presentAgent = (a: AgentRow): AgentView => ({
  id: a.id,
  name: a.name ?? a.email,
  email: a.email,
  role: a.role,
  availability: a.availability,
  maxOpenConversations: a.max_open_conversations,
  openConversations: a.open_conversations,
});

export const labelView = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  /** Live (non-archived) conversations carrying it. */
  conversations: z.number(),
});
export type LabelView = z.infer<typeof labelView>;
export const labelListView = z.object({ items: z.array(labelView) });

export const presentLabel = (l: { id: string; name: string; color: string; conversations?: number }): LabelView => ({
  id: l.id,
  name: l.name,
  color: l.color,
  conversations: l.conversations ?? 0,
});

export const inboxCountsView = z.object({
  /** Live conversations with unread customer messages. */
  unread: z.number(),
  /** Open ones assigned to the caller. */
  mine: z.number(),
  /** Open ones nobody has. */
  unassigned: z.number(),
  /** Open ones whose bots are paused for a person and nobody has. */
  waitingForHuman: z.number(),
});
export type InboxCountsView = z.infer<typeof inboxCountsView>;

export const bulkResultView = z.object({
  /** Conversations changed. */
  updated: z.number(),
  /** Ids not found in the workspace, or archived. */
  skipped: z.array(z.string()),
});

export const inboxSettingsView = z.object({
  handoverIdleMinutes: z.number().nullable(),
  autoAssign: z.boolean(),
  handoverMessage: z.string().nullable(),
});
export const presentInboxSettings = (s: InboxSettings): z.infer<typeof inboxSettingsView> => ({ ...s });

export const availabilityView = z.object({ availability: z.enum(['online', 'away', 'offline']) });
