import type { ChannelStatus } from '../channels/channel.ts';
import { noEvents } from '../channels/channel.ts';
import type { AppContext } from '../context.ts';
import { publish } from '../events/bus.ts';
import type { DomainEvent } from '../events/types.ts';
import { ingestEvents } from '../inbox/ingest.ts';

// The ticks of the business's web chat messages, through the inbox's own status seam (logged and
// applied monotonically, as Meta's statuses are): delivered once a message was written to one of
// the visitor's live streams, read once the visitor had the panel open on it. The inbox hears of
// it per conversation (not "some messages moved somewhere"), so a dashboard refreshes that thread
// and the visitor streams re-read nothing.

export interface VisitorStatus {
  workspaceId: string;
  /** The widget's key (its account's id at the channel). */
  widgetKey: string;
  conversationId: string;
  externalId: string;
}

export async function recordVisitorStatuses(ctx: AppContext, items: VisitorStatus[], status: 'delivered' | 'read', now = new Date()): Promise<void> {
  if (!items.length) return;
  const statuses: ChannelStatus[] = items.map((i) => ({ channel: 'webchat', accountId: i.widgetKey, externalId: i.externalId, status, timestamp: now, errorCode: null, errorTitle: null }));
  // Statuses alone are one statement (logged and applied together): no transaction around it.
  const result = await ingestEvents(ctx.db, { ...noEvents(), statuses });
  const moved = new Set(result.events.filter((e) => e.type === 'message.status').map((e) => e.workspaceId));
  const events = new Map<string, DomainEvent>();
  for (const i of items) {
    if (moved.has(i.workspaceId)) events.set(i.conversationId, { type: 'conversation.changed', workspaceId: i.workspaceId, conversationId: i.conversationId });
  }
  await publish(ctx, [...events.values()]);
}
