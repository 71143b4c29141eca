import type { Request } from 'express';
import { z } from 'zod';
import { findAccount } from '../accounts/queries.ts';
import { CHANNEL_ADAPTERS } from '../channels/registry.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { messageView } from '../inbox/present.ts';
import { createCanned, deleteCanned, listCanned, updateCanned } from './canned.ts';
import { addNote } from './notes.ts';
import { cannedReplyListView, cannedReplyView, inboxTemplateListView, presentReplyWindow, replyWindowView, sentView } from './present.ts';
import { findReplyTarget, sendableTemplates } from './queries.ts';
import { cannedListQuery, cannedReplyBody, cannedReplyPatch, noteBody, replyBody } from './schema.ts';
import { sendFromInbox, type Sender } from './send.ts';
import { inboxTemplateProblem, presentInboxTemplate } from './template.ts';
import { replyWindow } from './window.ts';

export function composeRoutes(ctx: AppContext): RouteDef[] {
  const who = (req: Request): Sender => ({ workspaceId: req.auth!.workspaceId, userId: req.auth!.id });
  /** The conversation's account; 404 when either is not the workspace's. */
  const conversationAccount = async (req: Request, id: string) => {
    const target = await findReplyTarget(ctx.db, req.auth!.workspaceId, id);
    const account = target && (await findAccount(ctx.db, req.auth!.workspaceId, target.account_id));
    if (!target || !account) throw notFound('No such conversation');
    return { target, account };
  };
  return [
    defineRoute({
      method: 'post',
      path: '/api/inbox/conversations/:id/messages',
      tag: 'inbox',
      access: 'members',
      summary: 'Reply to the customer: a text, a file by URL with a caption, or (WhatsApp) a template; optionally quoting a message. 422 window_closed outside the window. The bots pause in the conversation',
      params: idParam,
      body: replyBody,
      response: sentView,
      handler: async ({ params, body, req, res }) => {
        const sent = await sendFromInbox(ctx, who(req), params.id, body);
        res.status(201);
        return sent;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/conversations/:id/notes',
      tag: 'inbox',
      access: 'members',
      summary: 'A private note for the team in the thread: never sent to the customer, never seen by the bots',
      params: idParam,
      body: noteBody,
      response: z.object({ message: messageView }),
      handler: async ({ params, body, req, res }) => {
        const message = await addNote(ctx, who(req), params.id, body.text);
        res.status(201);
        return { message };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations/:id/reply-window',
      tag: 'inbox',
      access: 'members',
      summary: 'What may be sent now: free-form, with the HUMAN_AGENT tag (Instagram/Messenger, 24 h to 7 days), a template only (WhatsApp), or nothing; with the times',
      params: idParam,
      response: replyWindowView,
      handler: async ({ params, req }) => {
        const { target, account } = await conversationAccount(req, params.id);
        const w = replyWindow(account.channel, target.last_inbound_at ? new Date(target.last_inbound_at) : null, new Date());
        return presentReplyWindow(account.channel, w, CHANNEL_ADAPTERS[account.channel].replyContext);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations/:id/templates',
      tag: 'inbox',
      access: 'members',
      summary: "The WhatsApp templates a person may send in this conversation (approved, active, of the number's account) with the values each needs",
      params: idParam,
      response: inboxTemplateListView,
      handler: async ({ params, req }) => {
        const { account } = await conversationAccount(req, params.id);
        if (account.channel !== 'whatsapp' || !account.waba_id) return { items: [] };
        const rows = await sendableTemplates(ctx.db, req.auth!.workspaceId, account.waba_id);
        return { items: rows.filter((t) => !inboxTemplateProblem(t)).map(presentInboxTemplate) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/canned-replies',
      tag: 'inbox',
      access: 'members',
      summary: "The team's canned replies by shortcut; with conversationId, each also filled for that conversation ({{contact.name}}...)",
      query: cannedListQuery,
      response: cannedReplyListView,
      handler: async ({ query, req }) => ({ items: await listCanned(ctx, who(req), query) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/canned-replies',
      tag: 'inbox',
      access: 'members',
      summary: 'Add a canned reply for the team; 409 duplicate_shortcut when the shortcut is taken',
      body: cannedReplyBody,
      response: cannedReplyView,
      handler: async ({ body, req, res }) => {
        const created = await createCanned(ctx, who(req), body);
        res.status(201);
        return created;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/canned-replies/:id',
      tag: 'inbox',
      access: 'members',
      summary: "Change a canned reply's shortcut or text; 409 duplicate_shortcut when the shortcut is taken",
      params: idParam,
      body: cannedReplyPatch,
      response: cannedReplyView,
      handler: ({ params, body, req }) => updateCanned(ctx, who(req), params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/canned-replies/:id',
      tag: 'inbox',
      access: 'members',
      summary: 'Delete a canned reply',
      params: idParam,
      handler: async ({ params, req }) => {
        await deleteCanned(ctx, who(req), params.id);
      },
    }),
  ];
}
