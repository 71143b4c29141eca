import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { randomToken, sha256Hex } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { SessionView } from '../auth/present.ts';
import { issueSession } from '../auth/service.ts';
import * as q from './queries.ts';

// Invites. Local mode: the admin gets a single-use link (the token is shown once and stored only
// as its SHA-256, like refresh tokens) that lets the invitee choose a name and password and signs
// them in. Supabase mode: there are no passwords here, so the invite is an allowlist entry with
// its role: the person signs in with Supabase and Parley admits them (see auth/authenticator.ts).
// A used or revoked invite keeps its token hash, so its link can still say why it no longer works.

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface NewInvite {
  invite: q.InviteRow;
  /** The secret of the link, local mode only; it cannot be read again later (re-issue for a new one). */
  token: string | null;
}

const userExists = (email: string) => new HttpError(409, 'user_exists', `${email} is already on the team`);

async function assertNotMember(db: Parameters<typeof q.findUserByEmail>[0], email: string): Promise<void> {
  const user = await q.findUserByEmail(db, email);
  if (user && (q.TEAM_ROLES as readonly string[]).includes(user.role)) throw userExists(user.email);
}

function newToken(ctx: AppContext): { token: string | null; token_hash: string | null } {
  if (ctx.config.authMode !== 'local') return { token: null, token_hash: null };
  const token = randomToken();
  return { token, token_hash: sha256Hex(token) };
}

export async function createInvite(
  ctx: AppContext,
  actor: AuditActor,
  workspaceId: string,
  input: { email: string; role: q.TeamRole; name?: string | null },
  now = new Date(),
): Promise<NewInvite> {
  return ctx.db.transaction(async (trx) => {
    await assertNotMember(trx, input.email);
    if (await q.findLiveInviteByEmail(trx, workspaceId, input.email)) {
      throw new HttpError(409, 'invite_exists', `${input.email} already has a pending invite: re-issue its link or revoke it first`);
    }
    const { token, token_hash } = newToken(ctx);
    const [invite] = await trx('team_invites')
      .insert({
        workspace_id: workspaceId,
        email: input.email,
        name: input.name ?? null,
        role: input.role,
        token_hash,
        expires_at: new Date(now.getTime() + INVITE_TTL_MS),
        created_by: actor.id,
      })
      .returning('*');
    await recordAudit(trx, { workspaceId, actor, action: 'invite.created', targetType: 'invite', targetId: invite.id, detail: `${input.email} as ${input.role}` });
    return { invite, token };
  });
}

/** A new link (the old one stops working) valid 7 days from now; also brings an expired invite back. */
export async function reissueInvite(ctx: AppContext, actor: AuditActor, workspaceId: string, id: string, now = new Date()): Promise<NewInvite> {
  return ctx.db.transaction(async (trx) => {
    const current = await liveInvite(trx, workspaceId, id);
    await assertNotMember(trx, current.email);
    const { token, token_hash } = newToken(ctx);
    const [invite] = await trx('team_invites')
      .where({ id })
      .update({ token_hash, expires_at: new Date(now.getTime() + INVITE_TTL_MS) })
      .returning('*');
    await recordAudit(trx, { workspaceId, actor, action: 'invite.reissued', targetType: 'invite', targetId: id, detail: `${current.email} as ${current.role}` });
    return { invite, token };
  });
}

export async function revokeInvite(ctx: AppContext, actor: AuditActor, workspaceId: string, id: string): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    const invite = await liveInvite(trx, workspaceId, id);
    await trx('team_invites').where({ id }).update({ revoked_at: trx.fn.now() });
    await recordAudit(trx, { workspaceId, actor, action: 'invite.revoked', targetType: 'invite', targetId: id, detail: `${invite.email} as ${invite.role}` });
  });
}

async function liveInvite(trx: Parameters<typeof q.findInvite>[0], workspaceId: string, id: string): Promise<q.InviteRow> {
  const invite = await trx('team_invites').where({ workspace_id: workspaceId, id }).forUpdate().first();
  if (!invite) throw notFound('No such invite');
  if (invite.accepted_at) throw new HttpError(409, 'invite_used', 'This invite was already accepted');
  if (invite.revoked_at) throw new HttpError(409, 'invite_revoked', 'This invite was revoked');
  return invite;
}

/** What the invite page shows before the person sets a password. */
export interface InviteLookup {
  email: string;
  name: string | null;
  role: q.TeamRole;
  expiresAt: Date;
  workspaceName: string;
}

export async function lookupInvite(ctx: AppContext, token: string, now = new Date()): Promise<InviteLookup> {
  const invite = usable(await q.findInviteByTokenHash(ctx.db, sha256Hex(token)), now);
  const ws = await ctx.db('workspaces').where({ id: invite.workspace_id }).first('name');
  return { email: invite.email, name: invite.name, role: invite.role, expiresAt: invite.expires_at, workspaceName: ws?.name ?? 'Parley' };
}

/** Unknown, used, revoked or expired: each with its own code and words for the page. */
function usable(invite: q.InviteRow | undefined, now: Date): q.InviteRow {
  if (!invite) throw new HttpError(404, 'invite_not_found', 'This invite link is not valid: check that it was copied whole, or ask an admin for a new one');
  if (invite.accepted_at) throw new HttpError(410, 'invite_used', 'This invite link was already used: sign in with the email and password chosen then');
  if (invite.revoked_at) throw new HttpError(410, 'invite_revoked', 'This invite was revoked by an admin: ask them for a new one');
  if (invite.expires_at.getTime() <= now.getTime()) {
    throw new HttpError(410, 'invite_expired', 'This invite link has expired (links are valid 7 days): ask an admin to re-issue it');
  }
  return invite;
}

/**
 * The invitee sets a name and password: the user is created (or a removed user with that email
 * comes back, keeping their history) with the invite's role, and signed in. Single use: the
 * invite row is locked and marked accepted in the same transaction.
 */
export async function acceptInvite(ctx: AppContext, token: string, input: { name: string; password: string }, now = new Date()): Promise<SessionView> {
  if (ctx.config.authMode !== 'local') {
    throw new HttpError(400, 'local_login_disabled', 'This server uses Supabase Auth: sign in with Supabase using the invited email');
  }
  const tokenHash = sha256Hex(token);
  // Checked before hashing: argon2 is costly, and an unknown token must not be a way to spend it.
  usable(await q.findInviteByTokenHash(ctx.db, tokenHash), now);
  const passwordHash = await hashPassword(input.password);
  const user = await ctx.db.transaction(async (trx) => {
    const invite = usable(await q.findInviteByTokenHash(trx, tokenHash, true), now);
    const existing = await q.findUserByEmail(trx, invite.email);
    if (existing && (q.TEAM_ROLES as readonly string[]).includes(existing.role)) throw userExists(existing.email);
    const fields = {
      name: input.name,
      role: invite.role,
      password_hash: passwordHash,
      auth_provider: 'local',
      external_id: null,
      removed_at: null,
      availability: 'offline',
      last_login_at: trx.fn.now(),
    };
    const [row] = existing
      ? await trx('users').where({ id: existing.id }).update({ ...fields, workspace_id: invite.workspace_id, token_version: trx.raw('token_version + 1') }).returning('*')
      : await trx('users').insert({ ...fields, workspace_id: invite.workspace_id, email: invite.email }).returning('*');
    await trx('team_invites').where({ id: invite.id }).update({ accepted_at: trx.fn.now(), accepted_user_id: row.id });
    await recordAudit(trx, {
      workspaceId: invite.workspace_id,
      actor: { id: row.id, email: row.email },
      action: 'invite.accepted',
      targetType: 'user',
      targetId: row.id,
      detail: `${row.email} joined as ${invite.role}`,
    });
    return row;
  });
  return issueSession(ctx, user);
}
