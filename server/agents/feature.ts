import type { Feature } from '../feature.ts';
import { replyRoutes } from './reply-routes.ts';
import { agentRoutes } from './routes.ts';
import { startReplyWorker } from './worker.ts';

export const agentsFeature: Feature = {
  name: 'auto-replies',
  routes: (ctx) => [...agentRoutes(ctx), ...replyRoutes(ctx)],
  workers: [{ name: 'reply worker', sends: true, start: (ctx) => startReplyWorker(ctx) }],
};
