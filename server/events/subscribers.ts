import type { AppContext } from '../context.ts';
import { publishChanges, type Change } from '../realtime/hub.ts';
import type { DomainEvent, EventType } from './types.ts';

// Who reacts to which events. Durable work that must commit with the data (reply tasks, the
// notification rows) stays in the writer's transaction; what is here only tells others.

export interface Subscriber {
  name: string;
  events: readonly EventType[];
  handle(ctx: AppContext, events: DomainEvent[]): Promise<void>;
}

/** Beyond this many conversations in one batch, dashboards refetch the list once. */
const MAX_NAMED_CONVERSATIONS = 50;

/** Live dashboards: each event becomes a change on its topic, fanned out to browsers (SSE or Supabase Realtime). */
const realtime: Subscriber = {
  name: 'realtime',
  events: ['message.received', 'message.sent', 'message.status', 'conversation.changed', 'campaign.changed', 'account.changed', 'templates.changed', 'lead.changed', 'notification.changed'],
  async handle(ctx, events) {
    await publishChanges(ctx.db, changesOf(events));
  },
};

/** The reply worker starts on queued reply tasks at once instead of at its next poll. */
const replyWorker: Subscriber = {
  name: 'reply-worker',
  events: ['message.received'],
  async handle(ctx, events) {
    if (events.some((e) => e.type === 'message.received' && e.replyTasks > 0)) ctx.wake.replies.notify();
  },
};

export const SUBSCRIBERS: readonly Subscriber[] = [replyWorker, realtime];

/** The dashboard changes a batch of events makes, each said once. */
export function changesOf(events: DomainEvent[]): Change[] {
  const out = new Map<string, Change>();
  const add = (c: Change) => out.set(`${c.workspaceId}|${c.topic}|${c.action}|${c.id}`, c);
  /** Per workspace: conversation id -> 'insert' (a customer wrote) or 'update'. */
  const conversations = new Map<string, Map<string, 'insert' | 'update'>>();
  for (const e of events) {
    switch (e.type) {
      case 'message.received':
      case 'message.sent':
      case 'conversation.changed':
        if (e.conversationId === null) add({ workspaceId: e.workspaceId, topic: 'inbox', action: 'update', id: null });
        else {
          const ids = conversations.get(e.workspaceId) ?? new Map<string, 'insert' | 'update'>();
          if (ids.get(e.conversationId) !== 'insert') ids.set(e.conversationId, e.type === 'message.received' ? 'insert' : 'update');
          conversations.set(e.workspaceId, ids);
        }
        break;
      case 'message.status':
        add({ workspaceId: e.workspaceId, topic: 'inbox', action: 'update', id: null });
        break;
      case 'campaign.changed':
        add({ workspaceId: e.workspaceId, topic: 'campaigns', action: e.action, id: e.campaignId });
        break;
      case 'account.changed':
        add({ workspaceId: e.workspaceId, topic: 'numbers', action: e.action, id: e.accountId });
        break;
      case 'templates.changed':
        add({ workspaceId: e.workspaceId, topic: 'templates', action: 'update', id: null });
        break;
      case 'lead.changed':
        add({ workspaceId: e.workspaceId, topic: 'leads', action: e.action, id: e.leadId });
        break;
      case 'notification.changed':
        add({ workspaceId: e.workspaceId, topic: 'notifications', action: e.action, id: e.notificationId });
        break;
    }
  }
  for (const [workspaceId, ids] of conversations) {
    if (ids.size > MAX_NAMED_CONVERSATIONS) add({ workspaceId, topic: 'inbox', action: 'update', id: null });
    else for (const [id, action] of ids) add({ workspaceId, topic: 'inbox', action, id });
  }
  return [...out.values()];
}
