import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { setupChecklist } from './checklist.ts';
import { checklistView, overviewView } from './present.ts';
import { campaignCounts, dailyRollupRows, rollupNumbers, setupFacts } from './queries.ts';
import { dailySeries, lastDays, periodTotals } from './rollups.ts';

const overviewQuery = z.object({
  days: z.coerce.number({ error: 'days must be a whole number from 1 to 90' }).int().min(1).max(90).default(14),
});

export function homeRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/home/checklist',
      tag: 'home',
      summary: 'Getting started: which setup steps this workspace has done (number, templates, campaign, agent or rule)',
      response: checklistView,
      handler: async ({ req }) => setupChecklist(await setupFacts(ctx.db, req.auth!.workspaceId)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/home/overview',
      tag: 'home',
      summary: 'Campaign counts, and sent / delivered / read / failed per number and day (app time zone) over the last `days` days, with their totals',
      query: overviewQuery,
      response: overviewView,
      handler: async ({ query, req }) => {
        const workspaceId = req.auth!.workspaceId;
        const timeZone = ctx.config.APP_TIMEZONE;
        const days = lastDays(new Date(), timeZone, query.days);
        const rows = await dailyRollupRows(ctx.db, workspaceId, days[0]!, timeZone);
        const numbers = await rollupNumbers(ctx.db, workspaceId, [...new Set(rows.map((r) => r.number_id))]);
        const series = dailySeries(days, numbers, rows);
        return { timeZone, days, campaigns: await campaignCounts(ctx.db, workspaceId), totals: periodTotals(series), numbers: series };
      },
    }),
  ];
}
