import type { AppContext } from '../context.ts';
import { notify } from '../notifications/service.ts';
import { publish } from '../events/bus.ts';
import { afterFailureThreshold, afterNumberChange, type CampaignStatus, type NumberState, type PauseKind, type Transition } from './guard.ts';
import type { CampaignRecord } from './queries.ts';

// Applies guard.ts's answers to the database: one update guarded on the status and pause kind that
// were read (so of two processes settling a campaign, one changes it and notifies), then the
// notification and the realtime change. Number changes are settled eagerly by the numbers service
// (delete, token expired, token replaced) and every second by the campaign runner as a backstop.

export interface GuardedCampaign {
  id: string;
  workspace_id: string;
  name: string;
  status: CampaignStatus;
  pause_kind: PauseKind | null;
}

/** Who asked: the user's own Stop and Resume are answered by the API, so only Stop leaves a notification. */
export type Actor = 'user' | 'guard';

export const numberStateSql = "case when n.deleted_at is not null then 'deleted' when not n.is_active then 'inactive' else 'active' end";

/** Applies `t` if the campaign is still as read; the updated row for the one call that changed it, else null. */
export async function applyTransition(ctx: AppContext, c: GuardedCampaign, t: Transition, by: Actor): Promise<CampaignRecord | null> {
  const now = ctx.db.fn.now();
  const q = ctx.db('campaigns').where({ id: c.id, status: c.status });
  if (c.pause_kind === null) q.whereNull('pause_kind');
  else q.where({ pause_kind: c.pause_kind });
  const [row]: CampaignRecord[] = await q
    .update({
      status: t.status,
      pause_kind: t.pauseKind,
      failure_reason: t.reason,
      updated_at: now,
      ...(t.status === 'failed' ? { completed_at: now } : {}),
      ...(t.status === 'stopped' ? { stopped_at: now } : {}),
    })
    .returning('*');
  if (!row) return null;
  if (t.status === 'failed') await ctx.db('send_queue').where({ campaign_id: c.id }).delete();
  const note = noticeOf(c, row, by);
  if (note) {
    await notify(ctx, { workspaceId: c.workspace_id, ...note, actionUrl: `/campaigns/${c.id}`, relatedEntityType: 'campaign', relatedEntityId: c.id });
  }
  await publish(ctx, [{ type: 'campaign.changed', workspaceId: c.workspace_id, campaignId: c.id, action: 'update' }]);
  return row;
}

function noticeOf(before: GuardedCampaign, after: CampaignRecord, by: Actor): { type: string; title: string; message: string } | null {
  const counts = `${after.sent_count} sent, ${after.failed_count} failed`;
  if (after.status === 'stopped') return { type: 'campaign_stopped', title: 'Campaign stopped', message: `Campaign ${after.name} stopped after ${counts}; Resume continues where it left off` };
  if (by === 'user') return null;
  if (after.status === 'failed') return { type: 'campaign_failed', title: 'Campaign failed', message: `Campaign ${after.name} ended: ${after.failure_reason} (${counts})` };
  if (after.status === 'paused') {
    const next = after.pause_kind === 'failures' ? '. Fix the cause, then Resume' : '';
    return { type: 'campaign_paused', title: 'Campaign paused', message: `Campaign ${after.name} paused after ${counts}: ${after.failure_reason}${next}` };
  }
  if (after.status === 'queued' && before.pause_kind === 'token_expired') {
    return { type: 'campaign_resumed', title: 'Campaign resumed', message: `Campaign ${after.name} resumed: the number's token works again` };
  }
  return null;
}

/**
 * Settles the unfinished campaigns of one number (or of every number: the runner's backstop) with
 * the number's current state: deleted ends them, inactive pauses what sends, active again resumes
 * what the token paused. Returns how many changed.
 */
export async function settleNumberCampaigns(ctx: AppContext, numberId?: string): Promise<number> {
  const q = ctx.db('campaigns as c')
    .join('channel_accounts as n', 'n.id', 'c.number_id')
    .whereNotIn('c.status', ['completed', 'failed'])
    .where((w) => w.whereNotNull('n.deleted_at').orWhere('n.is_active', false).orWhere('c.status', 'paused'))
    .select('c.id', 'c.workspace_id', 'c.name', 'c.status', 'c.pause_kind', ctx.db.raw(`${numberStateSql} as number_state`));
  if (numberId) q.where('c.number_id', numberId);
  let changed = 0;
  for (const c of (await q) as Array<GuardedCampaign & { number_state: NumberState }>) {
    const t = afterNumberChange({ status: c.status, pauseKind: c.pause_kind }, c.number_state);
    if (t && (await applyTransition(ctx, c, t, 'guard'))) changed++;
  }
  return changed;
}

/** The sender saw too many failures: pause the campaign if it is still running. */
export async function pauseForFailures(ctx: AppContext, c: Pick<GuardedCampaign, 'id' | 'workspace_id' | 'name'>, reason: string): Promise<boolean> {
  const running: GuardedCampaign = { ...c, status: 'running', pause_kind: null };
  const t = afterFailureThreshold({ status: 'running', pauseKind: null }, reason)!;
  return (await applyTransition(ctx, running, t, 'guard')) !== null;
}
