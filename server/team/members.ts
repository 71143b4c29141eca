import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { forbidden, HttpError, notFound } from '../http/errors.ts';
import { publishAfterCommit } from '../events/bus.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { forgetUser } from '../auth/authenticator.ts';
import * as q from './queries.ts';

// Changing who is on the team. The workspace always keeps an admin: the last one can be neither
// demoted nor removed, and nobody changes their own role or removes themselves (another admin
// must), so an admin cannot lock themselves, or everyone, out by a slip.

/**
 * Supabase mode: a role that comes from ADMIN_EMAILS or AGENT_EMAILS is the environment's to
 * change. Parley cannot override it: the next sign-in would take it back.
 */
export function managedBy(ctx: AppContext, m: Pick<q.MemberRow, 'auth_provider' | 'email'>): 'ADMIN_EMAILS' | 'AGENT_EMAILS' | null {
  if (m.auth_provider !== 'supabase') return null;
  const email = m.email.toLowerCase();
  if (ctx.config.ADMIN_EMAILS?.includes(email)) return 'ADMIN_EMAILS';
  if (ctx.config.AGENT_EMAILS?.includes(email)) return 'AGENT_EMAILS';
  return null;
}

function assertParleyManaged(ctx: AppContext, m: q.MemberRow, what: string): void {
  const list = managedBy(ctx, m);
  if (list) throw new HttpError(409, 'managed_by_env', `${m.email} is in ${list}: to ${what}, edit ${list} in the server's environment and restart`);
}

async function lockedMember(trx: Knex, workspaceId: string, id: string, actor: AuditActor): Promise<{ member: q.MemberRow; admins: string[] }> {
  const admins = await q.lockAdmins(trx, workspaceId);
  // The request's role may be a few seconds old (another admin just demoted the caller).
  if (!actor.id || !admins.includes(actor.id)) throw forbidden('Only an admin can do this');
  const member = await q.findMember(trx, workspaceId, id);
  if (!member) throw notFound('No such person on the team');
  return { member, admins };
}

const lastAdmin = (email: string, what: string) =>
  new HttpError(409, 'last_admin', `${email} is the only admin: ${what} would leave nobody able to manage Parley; make someone else an admin first`);

export async function changeRole(ctx: AppContext, actor: AuditActor, workspaceId: string, userId: string, role: q.TeamRole): Promise<q.MemberRow> {
  const updated = await ctx.db.transaction(async (trx) => {
    const { member, admins } = await lockedMember(trx, workspaceId, userId, actor);
    if (member.role === role) return member;
    if (member.role === 'admin' && admins.filter((id) => id !== member.id).length === 0) throw lastAdmin(member.email, 'making them an agent');
    if (member.id === actor.id) throw new HttpError(409, 'own_role', 'You cannot change your own role: ask another admin');
    assertParleyManaged(ctx, member, 'change the role');
    await trx('users').where({ id: member.id }).update({ role });
    // Supabase mode: the invite is the person's allowlist entry, so it carries the new role.
    if (member.auth_provider === 'supabase') await keepGrant(trx, workspaceId, member, role, actor);
    await recordAudit(trx, { workspaceId, actor, action: 'user.role_changed', targetType: 'user', targetId: member.id, detail: `${member.email}: ${member.role} -> ${role}` });
    return { ...member, role };
  });
  await forgetMember(ctx, updated.id);
  return updated;
}

async function keepGrant(trx: Knex, workspaceId: string, member: q.MemberRow, role: q.TeamRole, actor: AuditActor): Promise<void> {
  const changed = await trx('team_invites').where({ workspace_id: workspaceId, accepted_user_id: member.id }).whereNull('revoked_at').update({ role });
  if (!changed) {
    await trx('team_invites').insert({
      workspace_id: workspaceId, email: member.email, name: member.name, role, token_hash: null,
      expires_at: trx.fn.now(), created_by: actor.id, accepted_at: trx.fn.now(), accepted_user_id: member.id,
    });
  }
}

/**
 * Removes a person: they can no longer sign in (their sessions end at once: the token version
 * moves on and their refresh tokens are gone), their conversations become unassigned (each logged
 * in its activity), and their row stays with role 'revoked' so history keeps its author.
 */
export async function removeMember(ctx: AppContext, actor: AuditActor, workspaceId: string, userId: string): Promise<{ unassignedConversations: number }> {
  const result = await ctx.db.transaction(async (trx) => {
    const { member, admins } = await lockedMember(trx, workspaceId, userId, actor);
    if (member.role === 'admin' && admins.filter((id) => id !== member.id).length === 0) throw lastAdmin(member.email, 'removing them');
    if (member.id === actor.id) throw new HttpError(409, 'remove_self', 'You cannot remove yourself: ask another admin');
    assertParleyManaged(ctx, member, 'remove them');
    await trx('users').where({ id: member.id }).update({
      role: 'revoked',
      removed_at: trx.fn.now(),
      password_hash: null,
      availability: 'offline',
      token_version: trx.raw('token_version + 1'),
    });
    await trx('refresh_tokens').where({ user_id: member.id }).delete();
    await trx('team_invites').where({ workspace_id: workspaceId }).whereRaw('lower(email) = lower(?)', [member.email]).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
    const unassigned = await unassignAll(ctx, trx, member.id, actor);
    await recordAudit(trx, {
      workspaceId, actor, action: 'user.removed', targetType: 'user', targetId: member.id,
      detail: `${member.email} (${member.role}); ${unassigned} conversation${unassigned === 1 ? '' : 's'} unassigned`,
    });
    return { unassignedConversations: unassigned };
  });
  await forgetMember(ctx, userId);
  return result;
}

/** Every conversation of the person goes back to nobody, with an "assigned" event per conversation. */
async function unassignAll(ctx: AppContext, trx: Knex, userId: string, actor: AuditActor): Promise<number> {
  const rows: Array<{ id: string; workspace_id: string }> = await trx('conversations')
    .where({ assignee_id: userId })
    .update({ assignee_id: null, assigned_at: null })
    .returning(['id', 'workspace_id']);
  if (!rows.length) return 0;
  await trx('conversation_events').insert(
    rows.map((c) => ({
      workspace_id: c.workspace_id,
      conversation_id: c.id,
      type: 'assigned',
      actor_user_id: actor.id,
      detail: JSON.stringify({ from: userId, to: null, reason: 'removed_from_team' }),
    })),
  );
  publishAfterCommit(ctx, trx, [{ type: 'conversation.changed', workspaceId: rows[0]!.workspace_id, conversationId: null }]);
  return rows.length;
}

/** The cache is keyed by the token's subject, which for a Supabase user is their Supabase id. */
async function forgetMember(ctx: AppContext, userId: string): Promise<void> {
  const row = await ctx.db('users').where({ id: userId }).first('external_id');
  forgetUser(ctx.db, userId);
  if (row?.external_id) forgetUser(ctx.db, row.external_id);
}
