import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { publishChange } from '../realtime/hub.ts';
import { RateLimiter } from './rate-limit.ts';
import { typingBody } from './schema.ts';

// A person of the team typing in a conversation: carried to every process by the change hub
// (topic `typing`), where a web chat visitor's live stream shows it, and so does a colleague's
// dashboard. The visitor sees the person's name, never their email. More than one a second per
// person and conversation is dropped: typing is a hint, not a record.

export function inboxTypingRoutes(ctx: AppContext): RouteDef[] {
  const typingLimit = new RateLimiter({ capacity: 1, perMinute: 60 });
  return [
    defineRoute({
      method: 'post',
      path: '/api/inbox/conversations/:id/typing',
      tag: 'inbox',
      access: 'members',
      summary: 'The signed-in person is typing in this conversation (or stopped): a web chat visitor sees it live',
      params: idParam,
      body: typingBody,
      handler: async ({ params, body, req }) => {
        const { workspaceId, id: userId } = req.auth!;
        const conversation = await ctx.db('conversations').where({ id: params.id, workspace_id: workspaceId }).first('id');
        if (!conversation) throw notFound('No such conversation');
        if (!typingLimit.take(`${userId}|${params.id}|${body.typing}`).allowed) return;
        const user = await ctx.db('users').where({ id: userId }).first('name');
        await publishChange(ctx.db, { workspaceId, topic: 'typing', action: 'update', id: params.id, typing: { typing: body.typing, from: 'agent', author: user?.name ?? null } });
      },
    }),
  ];
}
