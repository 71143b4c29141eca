import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { notify } from '../notifications/service.ts';
import { publish } from '../events/bus.ts';
import { stateOf, type TemplateRow } from '../templates/queries.ts';
import { isSendable } from '../templates/rules.ts';
import { isRefusal, userResume, userStop, type CampaignState, type NumberState, type Refusal, type Transition } from './guard.ts';
import { applyTransition, numberStateSql, type GuardedCampaign } from './guard-apply.ts';
import type { CampaignWithNumber } from './queries.ts';

export interface CampaignRow {
  id: string;
  workspace_id: string;
  number_id: string;
  name: string;
  status: string;
  sent_count: number;
  failed_count: number;
}

const changed = (ctx: AppContext, c: Pick<CampaignRow, 'workspace_id' | 'id'>) =>
  publish(ctx, [{ type: 'campaign.changed', workspaceId: c.workspace_id, campaignId: c.id, action: 'update' }]);

/** Pre-flight: every template still active, approved UTILITY and not quarantined. */
export async function preflightProblem(db: Knex, campaignId: string): Promise<string | null> {
  const templates: TemplateRow[] = await db('campaign_templates as ct').join('templates as t', 't.id', 'ct.template_id').where('ct.campaign_id', campaignId).select('t.*');
  const bad = templates.filter((t) => !isSendable(stateOf(t)));
  if (!bad.length) return null;
  return `template${bad.length > 1 ? 's' : ''} ${bad.map((t) => `${t.name} (${!t.is_active ? 'inactive' : t.is_quarantined ? 'quarantined' : `${t.status} ${t.category}`})`).join(', ')} cannot be sent`;
}

export async function failCampaign(ctx: AppContext, c: CampaignRow, reason: string): Promise<void> {
  await ctx.db('campaigns').where({ id: c.id }).update({ status: 'failed', failure_reason: reason, completed_at: ctx.db.fn.now(), updated_at: ctx.db.fn.now() });
  await ctx.db('send_queue').where({ campaign_id: c.id }).delete();
  await notify(ctx, { workspaceId: c.workspace_id, type: 'campaign_failed', title: 'Campaign failed', message: `Campaign ${c.name} did not start: ${reason}`, actionUrl: `/campaigns/${c.id}`, relatedEntityType: 'campaign', relatedEntityId: c.id });
  await changed(ctx, c);
}

export async function completeCampaign(ctx: AppContext, c: CampaignRow): Promise<void> {
  const [row] = await ctx.db('campaigns').where({ id: c.id, status: 'running' }).update({ status: 'completed', completed_at: ctx.db.fn.now(), updated_at: ctx.db.fn.now() }).returning('*');
  if (!row) return;
  await ctx.db('send_queue').where({ campaign_id: c.id }).delete();
  await notify(ctx, {
    workspaceId: c.workspace_id,
    type: 'campaign_completed',
    title: 'Campaign completed',
    message: `Campaign ${c.name} completed: ${row.sent_count} sent, ${row.failed_count} failed`,
    actionUrl: `/campaigns/${c.id}`,
    relatedEntityType: 'campaign',
    relatedEntityId: c.id,
  });
  await changed(ctx, c);
}

/**
 * The user's Stop and Resume (guard.ts decides); the answer is the campaign as changed. A campaign
 * the sender moves on meanwhile (queued to running) is read again, so a click at that moment is
 * not refused.
 */
export const stopCampaign = (ctx: AppContext, workspaceId: string, id: string) => userAction(ctx, workspaceId, id, userStop);
export const resumeCampaign = (ctx: AppContext, workspaceId: string, id: string) => userAction(ctx, workspaceId, id, userResume);

async function userAction(ctx: AppContext, workspaceId: string, id: string, decide: (c: CampaignState, n: NumberState) => Transition | Refusal): Promise<CampaignWithNumber> {
  for (let attempt = 0; ; attempt++) {
    const c: (GuardedCampaign & Pick<CampaignWithNumber, 'number_name' | 'number_phone'> & { number_state: NumberState }) | undefined = await ctx.db('campaigns as c')
      .join('channel_accounts as n', 'n.id', 'c.number_id')
      .where({ 'c.id': id, 'c.workspace_id': workspaceId })
      .first('c.id', 'c.workspace_id', 'c.name', 'c.status', 'c.pause_kind', 'n.display_name as number_name', 'n.display_phone_number as number_phone', ctx.db.raw(`${numberStateSql} as number_state`));
    if (!c) throw notFound('No such campaign');
    const t = decide({ status: c.status, pauseKind: c.pause_kind }, c.number_state);
    if (isRefusal(t)) throw new HttpError(409, t.refused, t.why);
    const row = await applyTransition(ctx, c, t, 'user');
    if (row) return { ...row, number_name: c.number_name, number_phone: c.number_phone };
    if (attempt >= 3) throw new HttpError(409, 'campaign_changed', 'The campaign changed meanwhile; reload it and try again');
  }
}

/** Scheduled campaigns can be deleted before they start (not edited: delete and recreate). */
export async function deleteScheduled(ctx: AppContext, workspaceId: string, id: string): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    const row = await trx('campaigns').where({ id, workspace_id: workspaceId }).forUpdate().first();
    if (!row) throw notFound('No such campaign');
    if (row.status !== 'scheduled') throw new HttpError(409, 'not_scheduled', `Campaign ${row.name} is ${row.status}; only a scheduled campaign can be deleted`);
    await trx('send_queue').where({ campaign_id: id }).delete();
    await trx('campaign_contacts').where({ campaign_id: id }).delete();
    await trx('campaigns').where({ id }).delete();
  });
  await publish(ctx, [{ type: 'campaign.changed', workspaceId, campaignId: id, action: 'delete' }]);
}

/** The poller: due scheduled campaigns pass pre-flight and join their number's queue, or fail. */
export async function startDueCampaigns(ctx: AppContext): Promise<number> {
  const due: CampaignRow[] = await ctx.db('campaigns').where({ status: 'scheduled' }).where('scheduled_at', '<=', ctx.db.fn.now());
  for (const c of due) {
    const problem = await preflightProblem(ctx.db, c.id);
    if (problem) await failCampaign(ctx, c, problem);
    else {
      await ctx.db('campaigns').where({ id: c.id, status: 'scheduled' }).update({ status: 'queued', updated_at: ctx.db.fn.now() });
      await changed(ctx, c);
    }
  }
  return due.length;
}
