import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { findConversation, listConversations, listMessages } from './queries.ts';
import { listConversationsQuery, listMessagesQuery } from './schema.ts';

export function inboxRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations',
      tag: 'inbox',
      summary: 'Conversations across numbers, newest activity first; search by name, phone or last message',
      query: listConversationsQuery,
      handler: ({ query, req }) => listConversations(ctx.db, req.auth!.workspaceId, query, ctx.config.APP_TIMEZONE),
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations/:id/messages',
      tag: 'inbox',
      summary: 'One conversation with its messages (oldest first) and their statuses',
      params: idParam,
      query: listMessagesQuery,
      handler: async ({ params, query, req }) => {
        const conversation = await findConversation(ctx.db, req.auth!.workspaceId, params.id);
        if (!conversation) throw notFound('No such conversation');
        return { conversation, messages: await listMessages(ctx.db, params.id, query) };
      },
    }),
  ];
}
