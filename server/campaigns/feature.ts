import type { Feature } from '../feature.ts';
import { startDueCampaigns } from './lifecycle.ts';
import { recoverStuckRows } from './queries.ts';
import { campaignRoutes } from './routes.ts';
import { startCampaignRunner } from './runner.ts';

export const campaignsFeature: Feature = {
  name: 'campaigns',
  routes: campaignRoutes,
  scheduledJobs: [
    { name: 'campaigns.start-due', cron: '* * * * *', run: async (ctx) => void (await startDueCampaigns(ctx)) },
    {
      name: 'campaigns.recover-stuck',
      cron: '* * * * *',
      run: async (ctx) => {
        const n = await recoverStuckRows(ctx.db, ctx.config.SEND_STUCK_AFTER_SECONDS);
        if (n) ctx.logger.warn({ rows: n }, 'send queue rows stuck in processing for 5 minutes returned to the queue');
      },
    },
  ],
  workers: [{ name: 'campaign runner', sends: true, start: (ctx) => startCampaignRunner(ctx) }],
};
