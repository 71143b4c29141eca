// What changed, said once by the code that changed it, after its transaction committed. Side
// effects (live updates to dashboards, waking workers, and next outgoing webhooks) subscribe to
// these instead of being called inline by every writer (subscribers.ts).

type Action = 'insert' | 'update' | 'delete';

export type DomainEvent =
  /** Customer messages (or echoes) stored in a conversation; `replyTasks` of them await an automated answer. */
  | { type: 'message.received'; workspaceId: string; conversationId: string; replyTasks: number }
  /** An outbound message recorded (sent or refused) by a campaign, a bot, a person or the API. */
  | { type: 'message.sent'; workspaceId: string; conversationId: string }
  /** Statuses moved messages of the workspace (many at once: no conversation named). */
  | { type: 'message.status'; workspaceId: string }
  /** A conversation changed otherwise (a reaction, an edit, archived), or many did (null). */
  | { type: 'conversation.changed'; workspaceId: string; conversationId: string | null }
  | { type: 'campaign.changed'; workspaceId: string; campaignId: string | null; action: Action }
  | { type: 'account.changed'; workspaceId: string; accountId: string; action: Action }
  | { type: 'templates.changed'; workspaceId: string }
  | { type: 'lead.changed'; workspaceId: string; leadId: string | null; action: Action }
  | { type: 'notification.changed'; workspaceId: string; notificationId: string | null; action: Action };

export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
