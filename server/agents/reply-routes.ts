import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { loadGlobalFallback, numberFallbacks, saveGlobalFallback, saveNumberFallback } from './fallback.ts';
import { messageView } from '../inbox/present.ts';
import { fallbackRepliesView } from './present.ts';
import { retryFailedMessage } from './retry-reply.ts';
import { auditRequest, changedFields } from '../audit/record.ts';

// The default fallback reply (workspace text and each number's choice) and the inbox's Retry of
// a failed reply. Both are read at every reply, so changes apply to the next message.

const replyText = z.string().trim().max(4096, 'at most 4096 characters (WhatsApp text limit)');

export const globalFallbackBody = z
  .object({ enabled: z.boolean(), text: replyText })
  .strict()
  .refine((b) => !b.enabled || b.text !== '', { message: 'text must not be empty while the fallback reply is on', path: ['text'] });

export const numberFallbackBody = z
  .object({
    /** inherit: the workspace's fallback reply (if on); custom: this number's own text; off: none. */
    mode: z.enum(['inherit', 'custom', 'off']),
    text: replyText.nullable().optional(),
  })
  .strict()
  .refine((b) => b.mode !== 'custom' || !!b.text, { message: 'text is required when mode is custom', path: ['text'] });

const messageIdParam = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, 'id must be a message id (a positive whole number)') });

export function replyRoutes(ctx: AppContext): RouteDef[] {
  const fallbacks = async (workspaceId: string) => ({ global: await loadGlobalFallback(ctx.db, workspaceId), numbers: await numberFallbacks(ctx.db, workspaceId) });
  return [
    defineRoute({
      method: 'get',
      path: '/api/settings/fallback-reply',
      tag: 'auto-replies',
      summary: 'The default fallback reply (sent when no rule matches and the number has no agent) and each number\'s choice',
      response: fallbackRepliesView,
      handler: ({ req }) => fallbacks(req.auth!.workspaceId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/settings/fallback-reply',
      tag: 'auto-replies',
      summary: 'Turn the workspace fallback reply on or off and set its text',
      body: globalFallbackBody,
      response: fallbackRepliesView,
      handler: async ({ body, req }) => {
        await saveGlobalFallback(ctx.db, req.auth!.workspaceId, body);
        await auditRequest(ctx, req, { action: 'settings.fallback_reply_changed', targetType: 'settings', targetId: 'fallback-reply', detail: changedFields(body) });
        return fallbacks(req.auth!.workspaceId);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/accounts/:id/fallback-reply',
      tag: 'auto-replies',
      summary: "One number's fallback reply: inherit the workspace's, its own text, or off",
      params: idParam,
      body: numberFallbackBody,
      response: fallbackRepliesView,
      handler: async ({ body, params, req }) => {
        if (!(await saveNumberFallback(ctx.db, req.auth!.workspaceId, params.id, { mode: body.mode, text: body.text ?? null }))) throw notFound('No such number');
        await auditRequest(ctx, req, { action: 'settings.fallback_reply_changed', targetType: 'channel_account', targetId: params.id, detail: `mode ${body.mode}` });
        return fallbacks(req.auth!.workspaceId);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/messages/:id/retry',
      tag: 'inbox',
      access: 'members',
      summary: "Send a failed outbound text (or a person's file) again (same send path; a person's message as the window allows now); 409 not_failed when it has not failed",
      params: messageIdParam,
      response: z.object({ message: messageView, attempts: z.number() }),
      handler: ({ params, req }) => retryFailedMessage(ctx, req.auth!.workspaceId, params.id),
    }),
  ];
}
