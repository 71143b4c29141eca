import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { conversationListView, presentConversation, presentMessage, threadView } from './present.ts';
import { findConversation, listConversations, listMessages } from './queries.ts';
import { listConversationsQuery, listMessagesQuery } from './schema.ts';

export function inboxRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations',
      tag: 'inbox',
      access: 'members',
      summary: 'Conversations across channels and accounts, newest activity first; search by name, customer id or last message',
      query: listConversationsQuery,
      response: conversationListView,
      handler: async ({ query, req }) => {
        const { items, nextCursor } = await listConversations(ctx.db, req.auth!.workspaceId, query, ctx.config.APP_TIMEZONE);
        return { items: items.map(presentConversation), nextCursor };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations/:id/messages',
      tag: 'inbox',
      access: 'members',
      summary: 'One conversation with its messages (oldest first), their statuses, reactions and edits',
      params: idParam,
      query: listMessagesQuery,
      response: threadView,
      handler: async ({ params, query, req }) => {
        const conversation = await findConversation(ctx.db, req.auth!.workspaceId, params.id);
        if (!conversation) throw notFound('No such conversation');
        return { conversation: presentConversation(conversation), messages: (await listMessages(ctx.db, params.id, query)).map(presentMessage) };
      },
    }),
  ];
}
