import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { publish } from '../events/bus.ts';
import { markedReadView, notificationPageView, presentNotification } from './present.ts';
import { countUnread, listNotifications, markRead, type Viewer } from './queries.ts';
import { listNotificationsQuery, markReadBody } from './schema.ts';

const viewerOf = (req: Request): Viewer => ({ workspaceId: req.auth!.workspaceId, userId: req.auth!.id });

export function notificationRoutes(ctx: AppContext): RouteDef[] {
  const changed = (workspaceId: string) => publish(ctx, [{ type: 'notification.changed', workspaceId, notificationId: null, action: 'update' }]);
  return [
    defineRoute({
      method: 'get',
      path: '/api/notifications',
      tag: 'notifications',
      access: 'members',
      summary: 'Newest first, 50 per page; pass nextCursor as cursor to load more',
      query: listNotificationsQuery,
      response: notificationPageView,
      handler: async ({ query, req }) => {
        const page = await listNotifications(ctx.db, viewerOf(req), { limit: query.limit, cursor: query.cursor, unreadOnly: query.unread === 'true' });
        return { items: page.items.map(presentNotification), nextCursor: page.nextCursor, unreadCount: await countUnread(ctx.db, viewerOf(req)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/notifications/:id/read',
      tag: 'notifications',
      access: 'members',
      summary: 'Mark one notification read',
      params: idParam,
      response: markedReadView,
      handler: async ({ params, req }) => {
        const updated = await markRead(ctx.db, viewerOf(req), [params.id]);
        if (updated) await changed(req.auth!.workspaceId);
        return { updated };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/notifications/read',
      tag: 'notifications',
      access: 'members',
      summary: 'Mark several ({ids}) or all ({all:true}) notifications read',
      body: markReadBody,
      response: markedReadView,
      handler: async ({ body, req }) => {
        const updated = await markRead(ctx.db, viewerOf(req), 'all' in body ? 'all' : body.ids);
        if (updated) await changed(req.auth!.workspaceId);
        return { updated };
      },
    }),
  ];
}
