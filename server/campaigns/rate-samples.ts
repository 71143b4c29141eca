import type { AppContext } from '../context.ts';
import type { Db } from '../db/knex.ts';
import { notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { rateSeriesView } from './present.ts';
import type { SendResult } from './rate-controller.ts';
import { rateSeries, SAMPLE_SECONDS, type RateSample } from './rate-series.ts';

/** Adds one outcome batch to its 5-second bucket: one statement, beside the outcomes it counts. */
export async function recordRateSample(db: Db, campaignId: string, results: SendResult[], rate: number): Promise<void> {
  if (!results.length) return;
  const count = (r: SendResult) => results.filter((x) => x === r).length;
  await db.raw(
    `insert into campaign_rate_samples (campaign_id, bucket, sent, throttled, errors, rate)
     values (?, to_timestamp(floor(extract(epoch from now()) / ?) * ?), ?, ?, ?, ?)
     on conflict (campaign_id, bucket) do update
        set sent = campaign_rate_samples.sent + excluded.sent, throttled = campaign_rate_samples.throttled + excluded.throttled,
            errors = campaign_rate_samples.errors + excluded.errors, rate = excluded.rate`,
    [campaignId, SAMPLE_SECONDS, SAMPLE_SECONDS, count('ok'), count('throttled'), count('error'), rate],
  );
}

export function campaignRateRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/rate',
      tag: 'campaigns',
      summary: 'Send rate over time (accepted, throttled and other failed sends per second) against the adaptive rate the sender had learned',
      params: idParam,
      response: rateSeriesView,
      handler: async ({ params, req }) => {
        const campaign = await ctx.db('campaigns').where({ id: params.id, workspace_id: req.auth!.workspaceId }).first('id');
        if (!campaign) throw notFound('No such campaign');
        const samples: RateSample[] = await ctx.db('campaign_rate_samples').where({ campaign_id: params.id }).orderBy('bucket').select('bucket', 'sent', 'throttled', 'errors', 'rate');
        return rateSeries(samples);
      },
    }),
  ];
}
