import type { Response } from 'express';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { deleteScheduled, resumeCampaign, stopCampaign } from './lifecycle.ts';
import { listCampaignsQuery } from './schema.ts';
import { campaignStats, csvLine, failureGroups } from './stats.ts';

async function findCampaign(ctx: AppContext, workspaceId: string, id: string) {
  const c = await ctx.db('campaigns as c')
    .join('channel_accounts as n', 'n.id', 'c.number_id')
    .where({ 'c.id': id, 'c.workspace_id': workspaceId })
    .first('c.*', 'n.display_name as number_name', 'n.display_phone_number as number_phone');
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
      handler: async ({ query, req }) => {
        const q = ctx.db('campaigns as c').join('channel_accounts as n', 'n.id', 'c.number_id').where('c.workspace_id', req.auth!.workspaceId).orderBy('c.created_at', 'desc').limit(query.limit).select('c.*', 'n.display_name as number_name');
        if (query.status) q.where('c.status', query.status);
        return { items: await q };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id',
      tag: 'campaigns',
      summary: 'One campaign with its templates and live stats (delivery stats may take up to 24 h)',
      params: idParam,
      handler: async ({ params, req }) => {
        const campaign = await findCampaign(ctx, req.auth!.workspaceId, params.id);
        const templates = await ctx.db('campaign_templates as ct').join('templates as t', 't.id', 'ct.template_id').where('ct.campaign_id', params.id).orderBy('ct.position').select('ct.position', 'ct.first_contact', 'ct.contact_count', 't.id', 't.name', 't.language');
        const stats = await campaignStats(ctx.db, params.id);
        const end = campaign.completed_at ?? campaign.stopped_at ?? (campaign.status === 'running' ? new Date() : null);
        const durationSeconds = campaign.started_at && end ? Math.round((new Date(end).getTime() - new Date(campaign.started_at).getTime()) / 1000) : null;
        return { campaign, templates, stats, durationSeconds };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/failures',
      tag: 'campaigns',
      summary: "Failed contacts grouped by Meta's error code and title, most frequent first",
      params: idParam,
      handler: async ({ params, req }) => {
        await findCampaign(ctx, req.auth!.workspaceId, params.id);
        return { items: await failureGroups(ctx.db, params.id) };
      },
    }),
    defineRoute({ method: 'post', path: '/api/campaigns/:id/stop', tag: 'campaigns', summary: 'Stop sending (in-flight messages finish); Resume continues', params: idParam, handler: ({ params, req }) => stopCampaign(ctx, req.auth!.workspaceId, params.id) }),
    defineRoute({ method: 'post', path: '/api/campaigns/:id/resume', tag: 'campaigns', summary: 'Resume a stopped or paused campaign where it left off', params: idParam, handler: ({ params, req }) => resumeCampaign(ctx, req.auth!.workspaceId, params.id) }),
    defineRoute({
      method: 'delete',
      path: '/api/campaigns/:id',
      tag: 'campaigns',
      summary: 'Delete a scheduled campaign before it starts',
      params: idParam,
      handler: ({ params, req }) => deleteScheduled(ctx, req.auth!.workspaceId, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/invalid-rows.csv',
      tag: 'campaigns',
      summary: 'The rows that were skipped, with the reason for each',
      params: idParam,
      handler: async ({ params, req, res }) => {
        await findCampaign(ctx, req.auth!.workspaceId, params.id);
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
        await findCampaign(ctx, req.auth!.workspaceId, params.id);
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
