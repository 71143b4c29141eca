import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { presentTemplate, presentTemplateChange, syncQueuedView, templateDetailView, templateListView, templateView } from './present.ts';
import { findTemplate, listTemplates, templateHistory } from './queries.ts';
import { listTemplatesQuery, syncBody } from './schema.ts';
import { requestSync, unquarantine } from './service.ts';

export function templateRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/templates',
      access: 'members',
      tag: 'templates',
      summary: 'Synced templates with state (state=sendable gives what campaigns may use)',
      query: listTemplatesQuery,
      response: templateListView,
      handler: async ({ query, req }) => ({ items: (await listTemplates(ctx.db, req.auth!.workspaceId, query)).map(presentTemplate) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/templates/:id',
      access: 'members',
      tag: 'templates',
      summary: 'One template with its category/status/quarantine history',
      params: idParam,
      response: templateDetailView,
      handler: async ({ params, req }) => {
        const template = await findTemplate(ctx.db, req.auth!.workspaceId, params.id);
        if (!template) throw notFound('No such template');
        return { template: presentTemplate(template), history: (await templateHistory(ctx.db, params.id)).map(presentTemplateChange) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/templates/:id/unquarantine',
      tag: 'templates',
      summary: 'Release a quarantined template (only when its category is UTILITY)',
      params: idParam,
      response: templateView,
      handler: async ({ params, req }) => presentTemplate(await unquarantine(ctx, req.auth!.workspaceId, params.id, req.auth!.email)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/templates/sync',
      tag: 'templates',
      summary: 'Queue a sync: all WABAs ("Sync all") or the one of numberId',
      body: syncBody,
      response: syncQueuedView,
      handler: async ({ body, req, res }) => {
        res.status(202);
        return requestSync(ctx, req.auth!.workspaceId, body.numberId);
      },
    }),
  ];
}
