import type { AppContext } from '../context.ts';
import { auditRequest } from '../audit/record.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { listWidgets } from './queries.ts';
import { presentWidget } from './present.ts';
import { widgetListView, widgetSettings, widgetView } from './schema.ts';
import { createWidget, getWidget, publicUrlOf, removeWidget, updateWidget } from './widgets.ts';

// Channels > Web chat: the admins' widget list and editor (admins only: the default access).

export function widgetAdminRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/webchat/widgets',
      tag: 'webchat',
      summary: 'The web chat widgets, each with its settings, snippet and WhatsApp-button clicks',
      response: widgetListView,
      handler: async ({ req }) => {
        const base = publicUrlOf(ctx, req);
        return { widgets: (await listWidgets(ctx.db, req.auth!.workspaceId)).map((w) => presentWidget(w, base)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/webchat/widgets',
      tag: 'webchat',
      summary: 'Create a widget (a web chat channel account with a new public key); unset settings take their defaults',
      body: widgetSettings,
      response: widgetView,
      handler: async ({ body, req, res }) => {
        const w = await createWidget(ctx, req.auth!.workspaceId, body);
        await auditRequest(ctx, req, { action: 'widget.created', targetType: 'channel_account', targetId: w.id, detail: `webchat: ${w.name}` });
        res.status(201);
        return presentWidget(w, publicUrlOf(ctx, req));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/webchat/widgets/:id',
      tag: 'webchat',
      summary: 'One widget',
      params: idParam,
      response: widgetView,
      handler: async ({ params, req }) => presentWidget(await getWidget(ctx, req.auth!.workspaceId, params.id), publicUrlOf(ctx, req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/webchat/widgets/:id',
      tag: 'webchat',
      summary: "Replace a widget's settings (every setting; unset ones take their defaults). The key stays",
      params: idParam,
      body: widgetSettings,
      response: widgetView,
      handler: async ({ params, body, req }) => {
        const { widget, changed } = await updateWidget(ctx, req.auth!.workspaceId, params.id, body);
        await auditRequest(ctx, req, { action: 'widget.updated', targetType: 'channel_account', targetId: widget.id, detail: `webchat: ${widget.name}; ${changed.length ? `changed: ${changed.join(', ')}` : 'nothing changed'}` });
        return presentWidget(widget, publicUrlOf(ctx, req));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/webchat/widgets/:id',
      tag: 'webchat',
      summary: 'Delete a widget: its key stops working, its conversations are archived, history kept',
      params: idParam,
      handler: async ({ params, req }) => {
        const { widget, archivedConversations } = await removeWidget(ctx, req.auth!.workspaceId, params.id);
        await auditRequest(ctx, req, { action: 'widget.deleted', targetType: 'channel_account', targetId: widget.id, detail: `webchat: ${widget.name}; ${archivedConversations} conversations archived` });
      },
    }),
  ];
}
