import { z } from 'zod';
import type { NotificationRow } from './queries.ts';

// Notifications as the API shows them: camelCase. The frontend imports these types.

export const notificationView = z.object({
  id: z.string(),
  /** campaign_completed, token_expired, template_quarantined... */
  type: z.string(),
  title: z.string(),
  message: z.string(),
  /** Where a click leads: an in-app path such as /channels?update=<id>. */
  actionUrl: z.string().nullable(),
  /** What it is about (campaign, channel account, template, webhook event) and its id. */
  relatedEntityType: z.string().nullable(),
  relatedEntityId: z.string().nullable(),
  isRead: z.boolean(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationPageView = z.object({
  /** Newest first. */
  items: z.array(notificationView),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
  /** Unread in the whole workspace, not only on this page. */
  unreadCount: z.number(),
});
export type NotificationPageView = z.infer<typeof notificationPageView>;

export const markedReadView = z.object({ updated: z.number() });
export type MarkedReadView = z.infer<typeof markedReadView>;

export function presentNotification(n: NotificationRow): NotificationView {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    message: n.message,
    actionUrl: n.action_url,
    relatedEntityType: n.related_entity_type,
    relatedEntityId: n.related_entity_id,
    isRead: n.is_read,
    createdAt: n.created_at.toISOString(),
  };
}
