import type { AppContext } from '../context.ts';
import type { Feature } from '../feature.ts';
import { widgetAdminRoutes } from './admin-routes.ts';
import { inboxTypingRoutes } from './inbox-typing.ts';
import { VisitorStreams } from './stream.ts';
import { widgetVisitorRoutes } from './visitor-routes.ts';

// Web chat (issue 15): the admins' widgets, the visitors' API with its live stream, and the
// typing signal of the inbox. The widget's own files (/widget.js, the frame) are served by
// assets.ts, mounted beside the dashboard in app.ts.

export const webchatFeature: Feature = {
  name: 'webchat',
  routes: (ctx: AppContext) => [...widgetAdminRoutes(ctx), ...widgetVisitorRoutes(ctx, new VisitorStreams(ctx)), ...inboxTypingRoutes(ctx)],
};
