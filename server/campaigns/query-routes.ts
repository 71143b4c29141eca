import type { Response } from 'express';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { deleteScheduled, resumeCampaign, stopCampaign } from './lifecycle.ts';
import { campaignDetailView, campaignListView, campaignView, failureListView, presentCampaign, presentCampaignDetail } from './present.ts';
import { campaignTemplates, findCampaign, listCampaigns } from './queries.ts';
import { listCampaignsQuery } from './schema.ts';
import { campaignStats, csvLine, failureGroups } from './stats.ts';
import { auditRequest } from '../audit/record.ts';

/** The campaign, if it is this workspace's; else 404. */
async function requireCampaign(ctx: AppContext, workspaceId: string, id: string) {
  const c = await findCampaign(ctx.db, workspaceId, id);
  if (!c) throw notFound('No such campaign');
  return c;
}

/** Streams rows as CSV in pages, so a 100,000-row export never sits in memory. */
async function streamCsv(res: Response, timeZone: string, filename: string, header: string[], page: (afterId: number) => Promise<Array<{ id: number; cells: unknown[] }>>) {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.write('\uFEFF' + csvLine(header, timeZone));
  for (let after = 0; ; ) {
    const rows = await page(after);
    if (!rows.length) break;
    res.write(rows.map((r) => csvLine(r.cells, timeZone)).join(''));
    after = rows.at(-1)!.id;
  }
  res.end();
}

export function campaignQueryRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/campaigns',
      tag: 'campaigns',
      summary: 'Campaigns, newest first',
      query: listCampaignsQuery,
      response: campaignListView,
      handler: async ({ query, req }) => ({ items: (await listCampaigns(ctx.db, req.auth!.workspaceId, query)).map(presentCampaign) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id',
      tag: 'campaigns',
      summary: 'One campaign with its templates and live stats (delivery stats may take up to 24 h)',
      params: idParam,
      response: campaignDetailView,
      handler: async ({ params, req }) => {
        const campaign = await requireCampaign(ctx, req.auth!.workspaceId, params.id);
        return presentCampaignDetail(campaign, await campaignTemplates(ctx.db, params.id), await campaignStats(ctx.db, params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/failures',
      tag: 'campaigns',
      summary: "Failed contacts grouped by Meta's error code and title, most frequent first",
      params: idParam,
      response: failureListView,
      handler: async ({ params, req }) => {
        await requireCampaign(ctx, req.auth!.workspaceId, params.id);
        return { items: await failureGroups(ctx.db, params.id) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/campaigns/:id/stop',
      tag: 'campaigns',
      summary: 'Stop sending (in-flight messages finish); Resume continues',
      params: idParam,
      response: campaignView,
      handler: async ({ params, req }) => presentCampaign(await stopCampaign(ctx, req.auth!.workspaceId, params.id)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/campaigns/:id/resume',
      tag: 'campaigns',
      summary: 'Resume a stopped or paused campaign where it left off',
      params: idParam,
      response: campaignView,
      handler: async ({ params, req }) => presentCampaign(await resumeCampaign(ctx, req.auth!.workspaceId, params.id)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/campaigns/:id',
      tag: 'campaigns',
      summary: 'Delete a scheduled campaign before it starts',
      params: idParam,
      handler: async ({ params, req }) => {
        const campaign = await ctx.db('campaigns').where({ id: params.id, workspace_id: req.auth!.workspaceId }).first('name');
        await deleteScheduled(ctx, req.auth!.workspaceId, params.id);
        await auditRequest(ctx, req, { action: 'campaign.deleted', targetType: 'campaign', targetId: params.id, detail: campaign?.name ?? null });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/invalid-rows.csv',
      tag: 'campaigns',
      summary: 'The rows that were skipped, with the reason for each',
      params: idParam,
      handler: async ({ params, req, res }) => {
        await requireCampaign(ctx, req.auth!.workspaceId, params.id);
        await streamCsv(res, ctx.config.APP_TIMEZONE, `invalid-rows-${params.id}.csv`, ['Row', 'Phone', 'Media', 'Variables', 'Reason'], async (after) =>
          (await ctx.db('campaign_contacts').where({ campaign_id: params.id }).whereNotNull('invalid_reason').where('id', '>', after).orderBy('id').limit(5000)).map((r) => ({
            id: r.id,
            cells: [r.row_number, r.raw_phone, r.media_url, (r.variables ?? []).join(' | '), r.invalid_reason],
          })),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/results.csv',
      tag: 'campaigns',
      summary: 'Per-contact results (status, wamid, error) as CSV, formulas neutralised',
      params: idParam,
      handler: async ({ params, req, res }) => {
        await requireCampaign(ctx, req.auth!.workspaceId, params.id);
        await streamCsv(res, ctx.config.APP_TIMEZONE, `campaign-${params.id}.csv`, ['Row', 'Phone', 'Status', 'Error code', 'Error', 'WhatsApp message id', 'Sent at', 'Status at'], async (after) =>
          (await ctx.db('campaign_contacts').where({ campaign_id: params.id }).where('id', '>', after).orderBy('id').limit(5000)).map((r) => ({
            id: r.id,
            cells: [r.row_number, r.phone ?? r.raw_phone, r.invalid_reason ? `invalid: ${r.invalid_reason}` : r.status, r.error_code, r.error_title, r.wamid, r.sent_at, r.status_at],
          })),
        );
      },
    }),
  ];
}
