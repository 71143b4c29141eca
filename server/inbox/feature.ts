import type { Feature } from '../feature.ts';
import { RETENTION_JOB, runRetention } from './retention.ts';
import { inboxRoutes } from './routes.ts';

export const inboxFeature: Feature = {
  name: 'inbox',
  routes: inboxRoutes,
  scheduledJobs: [{ name: RETENTION_JOB, cron: '30 2 * * *', run: async (ctx) => void (await runRetention(ctx)) }],
};
