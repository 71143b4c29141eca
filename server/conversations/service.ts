import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { conflict, notFound } from '../http/errors.ts';
import { notify } from '../notifications/service.ts';
import { publishAfterCommit } from '../events/bus.ts';
import type { ConversationStatus } from '../inbox/present.ts';
import { botResumesAt } from './handover.ts';
import { loadInboxSettings, type InboxSettings } from './settings.ts';
import { isAssignable, logConversationEvent, pickNextAgent, type ConversationEventType } from './queries.ts';

// What people do to a conversation, each in the caller's transaction, logged in its activity
// (conversation_events) with who did it, and announced after commit: state, assignment, the
// bots' pause. `actor` null is Parley itself (a rule, an agent, the idle timer, a customer).

export type PauseReason = 'human_reply' | 'manual' | 'rule' | 'agent' | 'customer_request';
export type Actor = { userId: string | null };
const SYSTEM: Actor = { userId: null };

interface Locked {
  id: string;
  workspace_id: string;
  status: ConversationStatus;
  assignee_id: string | null;
  bot_paused_at: Date | null;
}

/** The conversation row, locked for the rest of the transaction; 404 when it is not the workspace's. */
export async function lockConversation(trx: Knex, workspaceId: string, id: string): Promise<Locked> {
  const row = await trx('conversations').where({ id, workspace_id: workspaceId }).forUpdate().first('id', 'workspace_id', 'status', 'assignee_id', 'bot_paused_at');
  if (!row) throw notFound('No such conversation');
  return row;
}

/** Tells the dashboards, once `trx` commits, that the conversation changed. */
export function announceChanged(ctx: AppContext, trx: Knex, c: { workspace_id: string; id: string }): void {
  publishAfterCommit(ctx, trx, [{ type: 'conversation.changed', workspaceId: c.workspace_id, conversationId: c.id }]);
}

/**
 * Moves a conversation to `status`. Resolving hands it back to the bots; snoozing needs a time
 * in the future. An archived conversation (its account was removed) stays archived.
 */
export async function setStatus(ctx: AppContext, trx: Knex, c: Locked, to: Exclude<ConversationStatus, 'archived'>, actor: Actor, snoozedUntil: Date | null = null): Promise<void> {
  if (c.status === 'archived') throw conflict('This conversation is archived: its account was removed');
  if (c.status === to && to !== 'snoozed') return;
  await trx('conversations').where({ id: c.id }).update({
    status: to,
    snoozed_until: to === 'snoozed' ? snoozedUntil : null,
    resolved_at: to === 'resolved' ? trx.fn.now() : null,
    ...(to === 'resolved' ? { bot_paused_at: null, bot_paused_reason: null, bot_resumes_at: null } : {}),
  });
  await logConversationEvent(trx, c, 'status', actor, { from: c.status, to, ...(snoozedUntil ? { until: snoozedUntil.toISOString() } : {}) });
  if (to === 'resolved' && c.bot_paused_at) await logConversationEvent(trx, c, 'bot_resumed', actor, { by: 'resolved' });
  announceChanged(ctx, trx, c);
}

/** Gives the conversation to `assigneeId` (null: unassigned), who is told at once. */
export async function assign(ctx: AppContext, trx: Knex, c: Locked, assigneeId: string | null, actor: Actor): Promise<void> {
  if (c.assignee_id === assigneeId) return;
  if (assigneeId) {
    if (!(await isAssignable(trx, c.workspace_id, assigneeId))) throw notFound('No such agent in this workspace');
    await trx('users').where({ id: assigneeId }).update({ last_assigned_at: trx.fn.now() });
  }
  await trx('conversations').where({ id: c.id }).update({ assignee_id: assigneeId, assigned_at: assigneeId ? trx.fn.now() : null });
  await logConversationEvent(trx, c, 'assigned', actor, { from: c.assignee_id, to: assigneeId });
  c.assignee_id = assigneeId;
  if (assigneeId && assigneeId !== actor.userId) {
    const who = await trx('conversations as c').join('contact_identities as k', 'k.id', 'c.identity_id').join('contacts as p', 'p.id', 'k.contact_id')
      .where('c.id', c.id).first(trx.raw('coalesce(p.name, k.profile_name, k.external_id) as name'));
    await notify(ctx, {
      workspaceId: c.workspace_id,
      userId: assigneeId,
      type: 'conversation_assigned',
      title: 'Conversation assigned to you',
      message: `${who?.name ?? 'A customer'} is waiting for your reply.`,
      actionUrl: `/inbox?c=${c.id}`,
      relatedEntityType: 'conversation',
      relatedEntityId: c.id,
    }, trx);
  }
  announceChanged(ctx, trx, c);
}

/**
 * Silences the bots in the conversation. A human reply (or a new handover) while paused extends
 * the pause; the idle time is the team's setting, counted from now.
 */
export async function pauseBot(ctx: AppContext, trx: Knex, c: Locked, reason: PauseReason, actor: Actor, now = new Date(), settings?: InboxSettings): Promise<void> {
  const { handoverIdleMinutes } = settings ?? (await loadInboxSettings(trx, c.workspace_id));
  const resumes = botResumesAt(now, handoverIdleMinutes);
  const [row] = await trx('conversations as c')
    .where('c.id', c.id)
    .update({
      bot_paused_at: trx.raw('case when c.bot_paused_at is null or c.bot_resumes_at <= ? then ? else c.bot_paused_at end', [now, now]),
      bot_paused_reason: trx.raw('case when c.bot_paused_at is null or c.bot_resumes_at <= ? then ? else c.bot_paused_reason end', [now, reason]),
      bot_resumes_at: resumes,
    })
    .returning(['bot_paused_at']);
  if (new Date(row.bot_paused_at).getTime() === now.getTime()) await logConversationEvent(trx, c, 'bot_paused', actor, { reason });
  c.bot_paused_at = row.bot_paused_at;
  announceChanged(ctx, trx, c);
}

/** The bots answer again ("Resume bot"). */
export async function resumeBot(ctx: AppContext, trx: Knex, c: Locked, actor: Actor): Promise<void> {
  if (!c.bot_paused_at) return;
  await trx('conversations').where({ id: c.id }).update({ bot_paused_at: null, bot_paused_reason: null, bot_resumes_at: null });
  await logConversationEvent(trx, c, 'bot_resumed', actor, { by: 'manual' });
  c.bot_paused_at = null;
  announceChanged(ctx, trx, c);
}

/**
 * A bot hands the customer to people: the bots go silent, the conversation is open, and it is
 * assigned round-robin when the team wants that; whoever gets it (or, unassigned, the whole
 * team) is notified. Returns the inbox settings it read (the caller tells the customer).
 */
export async function handOver(ctx: AppContext, trx: Knex, c: Locked, reason: Exclude<PauseReason, 'human_reply' | 'manual'>, detail: string | null): Promise<InboxSettings> {
  const settings = await loadInboxSettings(trx, c.workspace_id);
  await pauseBot(ctx, trx, c, reason, SYSTEM, new Date(), settings);
  await logConversationEvent(trx, c, 'handover', SYSTEM, { reason, ...(detail ? { detail } : {}) });
  if (c.status === 'pending' || c.status === 'snoozed' || c.status === 'resolved') await setStatus(ctx, trx, c, 'open', SYSTEM);
  if (!c.assignee_id && settings.autoAssign) {
    const next = await pickNextAgent(trx, c.workspace_id);
    if (next) {
      await assign(ctx, trx, c, next, SYSTEM);
      return settings;
    }
  }
  await notify(ctx, {
    workspaceId: c.workspace_id,
    userId: c.assignee_id,
    type: 'handover',
    title: 'A customer needs a person',
    message: `${HANDOVER_WHY[reason]}${detail ? `: ${detail.slice(0, 200)}` : ''}`,
    actionUrl: `/inbox?c=${c.id}`,
    relatedEntityType: 'conversation',
    relatedEntityId: c.id,
  }, trx);
  return settings;
}

const HANDOVER_WHY: Record<Exclude<PauseReason, 'human_reply' | 'manual'>, string> = {
  rule: 'A keyword rule handed the conversation over',
  agent: 'The AI agent handed the conversation over',
  customer_request: 'The customer asked for a person',
};

/** Someone opened it: its customer messages are read. */
export async function markRead(ctx: AppContext, trx: Knex, c: Locked): Promise<void> {
  const n = await trx('conversations').where({ id: c.id }).where('unread_count', '>', 0).update({ unread_count: 0 });
  if (n) announceChanged(ctx, trx, c);
}

/** Snoozes that ran out: the conversations are open again (the assignee sees them come back). */
export async function reopenDueSnoozes(ctx: AppContext, now = new Date()): Promise<number> {
  return ctx.db.transaction(async (trx) => {
    const due: Locked[] = await trx('conversations').where({ status: 'snoozed' }).where('snoozed_until', '<=', now).forUpdate().skipLocked().limit(1000)
      .select('id', 'workspace_id', 'status', 'assignee_id', 'bot_paused_at');
    for (const c of due) {
      await trx('conversations').where({ id: c.id }).update({ status: 'open', snoozed_until: null });
      await logConversationEvent(trx, c, 'reopened', SYSTEM, { from: 'snoozed', by: 'snooze_ended' });
      announceChanged(ctx, trx, c);
    }
    return due.length;
  });
}

export type { ConversationEventType };
