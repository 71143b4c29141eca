import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import type { FilterScope } from './filters.ts';
import { conversationListView, presentConversation, presentMessage, presentSearchHit, searchResultListView, threadView } from './present.ts';
import { findConversation, listConversations, listMessages } from './queries.ts';
import { listConversationsQuery, listMessagesQuery, searchMessagesQuery } from './schema.ts';
import { checkTerms, parseSearch, searchMessages } from './search.ts';

export function inboxRoutes(ctx: AppContext): RouteDef[] {
  const scopeOf = (req: Request): FilterScope => ({ userId: req.auth!.id, timeZone: ctx.config.APP_TIMEZONE });
  return [
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations',
      tag: 'inbox',
      access: 'members',
      summary: 'Conversations across channels and accounts, newest activity first (open and pending unless `status` says otherwise), filtered by state, assignee, label, waiting for a person, unread, channel, account and dates; search by name, customer id or last message',
      query: listConversationsQuery,
      response: conversationListView,
      handler: async ({ query, req }) => {
        const { items, nextCursor } = await listConversations(ctx.db, req.auth!.workspaceId, query, scopeOf(req));
        return { items: items.map(presentConversation), nextCursor };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/search',
      tag: 'inbox',
      access: 'members',
      summary: 'Messages whose text holds every word or "phrase" of `q` (anywhere in a word, any case), newest first, with their conversation and a highlighted snippet; the conversation list filters apply',
      query: searchMessagesQuery,
      response: searchResultListView,
      handler: async ({ query, req }) => {
        const terms = parseSearch(query.q);
        checkTerms(terms);
        const { items, nextCursor } = await searchMessages(ctx.db, req.auth!.workspaceId, terms, query, scopeOf(req));
        return { items: items.map((h) => presentSearchHit(h, terms)), nextCursor };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations/:id/messages',
      tag: 'inbox',
      access: 'members',
      summary: 'One conversation with a page of its messages (oldest first): the newest, those before or after a message, or those around one (a search result)',
      params: idParam,
      query: listMessagesQuery,
      response: threadView,
      handler: async ({ params, query, req }) => {
        const conversation = await findConversation(ctx.db, req.auth!.workspaceId, params.id);
        if (!conversation) throw notFound('No such conversation');
        const page = await listMessages(ctx.db, params.id, query);
        if (!page) throw notFound('No such message in this conversation');
        return { conversation: presentConversation(conversation), messages: page.messages.map(presentMessage), hasOlder: page.hasOlder, hasNewer: page.hasNewer };
      },
    }),
  ];
}
