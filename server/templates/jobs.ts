import type { AppContext } from '../context.ts';
import type { NumberRow } from '../accounts/queries.ts';
import { syncTemplates } from './sync.ts';

export const SYNC_TEMPLATES = 'templates.sync';
export const SYNC_ALL_TEMPLATES = 'templates.sync-all';

/** One number per WABA (templates belong to the WABA): the oldest active one with a token. */
async function numbersPerWaba(ctx: AppContext, workspaceId?: string): Promise<NumberRow[]> {
  const q = ctx.db<NumberRow>('channel_accounts')
    .distinctOn('workspace_id', 'waba_id')
    .whereNull('deleted_at')
    .where({ is_active: true, channel: 'whatsapp' })
    .orderBy([{ column: 'workspace_id' }, { column: 'waba_id' }, { column: 'created_at' }]);
  if (workspaceId) q.where({ workspace_id: workspaceId });
  return q;
}

/** Queues one sync per WABA; singleton keys keep a WABA from being synced twice at once. */
export async function enqueueSync(ctx: AppContext, opts: { workspaceId?: string; number?: NumberRow }): Promise<Array<{ numberId: string; jobId: string | null }>> {
  const targets = opts.number ? [opts.number] : await numbersPerWaba(ctx, opts.workspaceId);
  const jobs = [];
  for (const n of targets) {
    const jobId = await ctx.boss.send(SYNC_TEMPLATES, { numberId: n.id }, {
      singletonKey: `waba:${n.waba_id}`,
      retryLimit: 3,
      retryDelay: ctx.config.TEMPLATE_SYNC_RETRY_SECONDS,
      retryBackoff: true,
    });
    jobs.push({ numberId: n.id, jobId });
  }
  return jobs;
}

export async function runTemplateSync(ctx: AppContext, data: { numberId: string }): Promise<void> {
  const number = await ctx.db<NumberRow>('channel_accounts').where({ id: data.numberId, channel: 'whatsapp' }).whereNull('deleted_at').first();
  if (!number) return; // deleted since it was queued
  const summary = await syncTemplates(ctx, number);
  ctx.logger.info(summary, 'templates synced');
}
