import { PURGE_REFRESH_TOKENS, purgeRefreshTokens } from '../auth/jobs.ts';
import { startDueCampaigns } from '../campaigns/lifecycle.ts';
import { recoverStuckRows } from '../campaigns/queries.ts';
import { RETENTION_JOB, runRetention } from '../inbox/retention.ts';
import { extractDueLeads } from '../leads/service.ts';
import { enqueueSync, runTemplateSync, SYNC_ALL_TEMPLATES, SYNC_TEMPLATES } from '../templates/jobs.ts';
import type { QueueJob, ScheduledJob } from './schedule.ts';

/** Every recurring job, with its schedule in the app time zone. */
export const scheduledJobs: ScheduledJob[] = [
  { name: PURGE_REFRESH_TOKENS, cron: '17 3 * * *', run: purgeRefreshTokens },
  { name: RETENTION_JOB, cron: '30 2 * * *', run: async (ctx) => void (await runRetention(ctx)) },
  { name: SYNC_ALL_TEMPLATES, cron: '5 */3 * * *', run: async (ctx) => void (await enqueueSync(ctx, {})) },
  { name: 'campaigns.start-due', cron: '* * * * *', run: async (ctx) => void (await startDueCampaigns(ctx)) },
  {
    name: 'campaigns.recover-stuck',
    cron: '* * * * *',
    run: async (ctx) => {
      const n = await recoverStuckRows(ctx.db, ctx.config.SEND_STUCK_AFTER_SECONDS);
      if (n) ctx.logger.warn({ rows: n }, 'send queue rows stuck in processing for 5 minutes returned to the queue');
    },
  },
  {
    name: 'leads.extract',
    cron: '*/5 * * * *',
    run: async (ctx) => {
      const r = await extractDueLeads(ctx);
      if (r.due) ctx.logger.info(r, 'lead extraction run');
    },
  },
];

/** Every on-demand queue and its handler. */
export const queueJobs: QueueJob[] = [{ name: SYNC_TEMPLATES, run: runTemplateSync }];
