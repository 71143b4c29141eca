import type { Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { conversationView, presentConversation } from '../inbox/present.ts';
import { findConversation } from '../inbox/queries.ts';
import { checkLabels, changeLabels, createLabel, deleteLabel, listLabels, setLabels, updateLabel } from './labels.ts';
import {
  agentListView, availabilityView, bulkResultView, conversationEventListView, inboxCountsView, inboxSettingsView, labelListView, labelView,
  presentAgent, presentConversationEvent, presentInboxSettings, presentLabel,
} from './present.ts';
import { inboxCounts, isAssignable, listAssignableAgents, listConversationEvents } from './queries.ts';
import { assigneeBody, availabilityBody, botBody, bulkBody, eventsQuery, inboxSettingsBody, labelBody, labelPatch, labelsBody, statusBody } from './schema.ts';
import { announceChanged, assign, lockConversation, markRead, pauseBot, resumeBot, setStatus, type Actor } from './service.ts';
import { loadInboxSettings, saveInboxSettings } from './settings.ts';
import { auditRequest, changedFields } from '../audit/record.ts';

export function conversationRoutes(ctx: AppContext): RouteDef[] {
  const actorOf = (req: Request): Actor => ({ userId: req.auth!.id });
  /** Runs `change` on the locked conversation, then answers with the conversation as it is now. */
  const onConversation = async (req: Request, id: string, change: Parameters<typeof lockAndRun>[3]) => {
    await lockAndRun(ctx, req.auth!.workspaceId, id, change);
    const row = await findConversation(ctx.db, req.auth!.workspaceId, id);
    if (!row) throw notFound('No such conversation');
    return presentConversation(row);
  };
  const conversationAction = (route: `${'post' | 'put'} ${string}`, summary: string, body: z.ZodType, change: (c: Awaited<ReturnType<typeof lockConversation>>, body: any, req: Request, trx: Parameters<typeof setStatus>[1]) => Promise<unknown>) =>
    defineRoute({
      method: route.split(' ')[0] as 'post' | 'put',
      path: `/api/inbox/conversations/:id/${route.split(' ')[1]}`,
      tag: 'inbox',
      access: 'members',
      summary,
      params: idParam,
      body,
      response: conversationView,
      handler: ({ params, body: b, req }) => onConversation(req, params.id, (trx, c) => change(c, b, req, trx)),
    });

  return [
    conversationAction('post status', 'Open, pending, snoozed until a time, or resolved (resolving hands it back to the bots)', statusBody, (c, b, req, trx) =>
      setStatus(ctx, trx, c, b.status, actorOf(req), b.snoozedUntil ? futureDate(b.snoozedUntil) : null)),
    conversationAction('post assignee', 'Assign to a person (userId) or unassign (null); the assignee is notified', assigneeBody, (c, b, req, trx) => assign(ctx, trx, c, b.userId, actorOf(req))),
    conversationAction('post bot', 'Pause the bots here ({paused:true}) or resume them ("Resume bot")', botBody, (c, b, req, trx) =>
      b.paused ? pauseBot(ctx, trx, c, 'manual', actorOf(req)) : resumeBot(ctx, trx, c, actorOf(req))),
    conversationAction('post read', 'Mark its customer messages read (opening it in the inbox does this)', z.object({}), (c, _b, _req, trx) => markRead(ctx, trx, c)),
    conversationAction('put labels', 'Set exactly these labels on the conversation', labelsBody, async (c, b, req, trx) => {
      await checkLabels(trx, c.workspace_id, b.labelIds);
      if (await setLabels(trx, c, [...new Set<string>(b.labelIds)], actorOf(req))) announceChanged(ctx, trx, c);
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/conversations/:id/events',
      tag: 'inbox',
      access: 'members',
      summary: 'Its activity, newest first: state changes, assignments, handovers, labels, with who and when',
      params: idParam,
      query: eventsQuery,
      response: conversationEventListView,
      handler: async ({ params, query, req }) => {
        if (!(await findConversation(ctx.db, req.auth!.workspaceId, params.id))) throw notFound('No such conversation');
        return { items: (await listConversationEvents(ctx.db, params.id, query.limit)).map(presentConversationEvent) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/conversations/bulk',
      tag: 'inbox',
      access: 'members',
      summary: 'One action on many conversations: assign, add or remove a label, or change the state; each is logged',
      body: bulkBody,
      response: bulkResultView,
      handler: async ({ body, req }) => {
        const ws = req.auth!.workspaceId;
        if (body.labelId) await checkLabels(ctx.db, ws, [body.labelId]);
        if (body.userId && !(await isAssignable(ctx.db, ws, body.userId))) throw notFound('No such agent in this workspace');
        let updated = 0;
        const skipped: string[] = [];
        for (const id of new Set(body.conversationIds)) {
          try {
            await lockAndRun(ctx, ws, id, async (trx, c) => {
              if (body.action === 'assign') await assign(ctx, trx, c, body.userId!, actorOf(req));
              else if (body.action === 'status') await setStatus(ctx, trx, c, body.status!, actorOf(req));
              else if (await changeLabels(trx, c, body.action === 'add_label' ? [body.labelId!] : [], body.action === 'remove_label' ? [body.labelId!] : [], actorOf(req))) announceChanged(ctx, trx, c);
            });
            updated++;
          } catch (err) {
            // Not the workspace's, or archived: the rest still change.
            if (!(err instanceof HttpError) || (err.status !== 404 && err.status !== 409)) throw err;
            skipped.push(id);
          }
        }
        return { updated, skipped };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/counts',
      tag: 'inbox',
      access: 'members',
      summary: 'Unread, mine, unassigned and waiting-for-a-person counts (the navigation badges)',
      response: inboxCountsView,
      handler: ({ req }) => inboxCounts(ctx.db, req.auth!.workspaceId, req.auth!.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/agents',
      tag: 'inbox',
      access: 'members',
      summary: 'The people conversations can be assigned to, with their availability and open conversations',
      response: agentListView,
      handler: async ({ req }) => ({ items: (await listAssignableAgents(ctx.db, req.auth!.workspaceId)).map(presentAgent) }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/me/availability',
      tag: 'inbox',
      access: 'members',
      summary: 'Online, away or offline: only online people get conversations assigned automatically',
      body: availabilityBody,
      response: availabilityView,
      handler: async ({ body, req }) => {
        await ctx.db('users').where({ id: req.auth!.id }).update({ availability: body.availability });
        return { availability: body.availability };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/labels',
      tag: 'inbox',
      access: 'members',
      summary: 'The team labels, with how many live conversations carry each',
      response: labelListView,
      handler: async ({ req }) => ({ items: (await listLabels(ctx.db, req.auth!.workspaceId)).map(presentLabel) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/labels',
      tag: 'inbox',
      summary: 'Create a label (name unique in any case, colour #rrggbb); 409 if the name exists',
      body: labelBody,
      response: labelView,
      handler: async ({ body, req, res }) => {
        res.status(201);
        return presentLabel(await createLabel(ctx, req.auth!.workspaceId, body));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/labels/:id',
      tag: 'inbox',
      summary: 'Rename or recolour a label',
      params: idParam,
      body: labelPatch,
      response: labelView,
      handler: async ({ params, body, req }) => presentLabel(await updateLabel(ctx, req.auth!.workspaceId, params.id, body)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/labels/:id',
      tag: 'inbox',
      summary: 'Delete a label (it leaves every conversation)',
      params: idParam,
      handler: async ({ params, req }) => {
        await deleteLabel(ctx, req.auth!.workspaceId, params.id);
        await auditRequest(ctx, req, { action: 'label.deleted', targetType: 'label', targetId: params.id });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/settings/inbox',
      tag: 'settings',
      access: 'members',
      summary: 'Handover idle time, auto-assignment and the handover message',
      response: inboxSettingsView,
      handler: async ({ req }) => presentInboxSettings(await loadInboxSettings(ctx.db, req.auth!.workspaceId)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/settings/inbox',
      tag: 'settings',
      summary: 'Change the inbox settings (fields given only)',
      body: inboxSettingsBody,
      response: inboxSettingsView,
      handler: async ({ body, req }) => {
        const saved = await saveInboxSettings(ctx, req.auth!.workspaceId, body);
        await auditRequest(ctx, req, { action: 'settings.inbox_changed', targetType: 'settings', targetId: 'inbox', detail: changedFields(body) });
        return presentInboxSettings(saved);
      },
    }),
  ];
}

async function lockAndRun(ctx: AppContext, workspaceId: string, id: string, change: (trx: Parameters<typeof setStatus>[1], c: Awaited<ReturnType<typeof lockConversation>>) => Promise<unknown>): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    const c = await lockConversation(trx, workspaceId, id);
    await change(trx, c);
  });
}

function futureDate(value: string): Date {
  const at = new Date(value);
  if (at.getTime() <= Date.now()) throw new HttpError(422, 'snooze_in_past', 'snoozedUntil must be in the future');
  return at;
}
