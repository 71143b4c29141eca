import type { Feature } from '../feature.ts';
import { enqueueSync, runTemplateSync, SYNC_ALL_TEMPLATES, SYNC_TEMPLATES } from './jobs.ts';
import { templateRoutes } from './routes.ts';

export const templatesFeature: Feature = {
  name: 'templates',
  routes: templateRoutes,
  scheduledJobs: [{ name: SYNC_ALL_TEMPLATES, cron: '5 */3 * * *', run: async (ctx) => void (await enqueueSync(ctx, {})) }],
  queueJobs: [{ name: SYNC_TEMPLATES, run: runTemplateSync }],
};
