import type { Feature } from '../feature.ts';
import { leadRoutes } from './routes.ts';
import { extractDueLeads } from './service.ts';

export const leadsFeature: Feature = {
  name: 'leads',
  routes: leadRoutes,
  scheduledJobs: [
    {
      name: 'leads.extract',
      cron: '*/5 * * * *',
      run: async (ctx) => {
        const r = await extractDueLeads(ctx);
        if (r.due) ctx.logger.info(r, 'lead extraction run');
      },
    },
  ],
};
