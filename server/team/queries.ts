import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';

export const TEAM_ROLES = ['admin', 'agent'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface MemberRow {
  id: string;
  workspace_id: string;
  email: string;
  name: string | null;
  role: TeamRole;
  auth_provider: 'local' | 'supabase';
  availability: 'online' | 'away' | 'offline';
  last_login_at: Date | null;
  created_at: Date;
}

export interface InviteRow {
  id: string;
  workspace_id: string;
  email: string;
  name: string | null;
  role: TeamRole;
  token_hash: string | null;
  expires_at: Date;
  created_by: string | null;
  created_by_email?: string | null;
  created_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const MEMBER_COLUMNS = ['id', 'workspace_id', 'email', 'name', 'role', 'auth_provider', 'availability', 'last_login_at', 'created_at'];

/** People who can sign in: removed ones (role revoked) keep their row for history but are not members. */
const members = (db: Knex, workspaceId: string) => db('users').where({ workspace_id: workspaceId }).whereIn('role', TEAM_ROLES);

export const listMembers = (db: Db, workspaceId: string): Promise<MemberRow[]> =>
  members(db, workspaceId).orderByRaw("role = 'admin' desc, lower(coalesce(name, email))").select(MEMBER_COLUMNS);

export const findMember = (db: Knex, workspaceId: string, id: string): Promise<MemberRow | undefined> =>
  members(db, workspaceId).where({ id }).first(MEMBER_COLUMNS);

export const findUserByEmail = (db: Knex, email: string) =>
  db('users').whereRaw('lower(email) = lower(?)', [email]).first<{ id: string; workspace_id: string; role: string; email: string } | undefined>('id', 'workspace_id', 'role', 'email');

/** Locks the workspace's admins, so two demotions at once cannot both pass the last-admin check. */
export async function lockAdmins(trx: Knex, workspaceId: string): Promise<string[]> {
  const rows = await trx('users').where({ workspace_id: workspaceId, role: 'admin' }).orderBy('id').forUpdate().select('id');
  return rows.map((r: { id: string }) => r.id);
}

/** Invites not yet accepted nor revoked (expired ones included: they can be re-issued), newest first. */
export const listPendingInvites = (db: Db, workspaceId: string): Promise<InviteRow[]> =>
  db('team_invites as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .where('i.workspace_id', workspaceId)
    .whereNull('i.accepted_at')
    .whereNull('i.revoked_at')
    .orderBy('i.created_at', 'desc')
    .select('i.*', 'u.email as created_by_email');

export const findInvite = (db: Knex, workspaceId: string, id: string): Promise<InviteRow | undefined> =>
  db('team_invites').where({ workspace_id: workspaceId, id }).first();

export const findLiveInviteByEmail = (db: Knex, workspaceId: string, email: string): Promise<InviteRow | undefined> =>
  db('team_invites').where({ workspace_id: workspaceId }).whereRaw('lower(email) = lower(?)', [email]).whereNull('accepted_at').whereNull('revoked_at').first();

export const findInviteByTokenHash = (db: Knex, tokenHash: string, lock = false): Promise<InviteRow | undefined> => {
  const q = db('team_invites').where({ token_hash: tokenHash });
  return (lock ? q.forUpdate() : q).first();
};

/**
 * Supabase mode: the role an invite grants this email, if any. An accepted invite keeps granting
 * (it is the person's allowlist entry) until revoked; a pending one only until it expires.
 */
export async function inviteGrant(db: Knex, workspaceId: string, email: string, now = new Date()): Promise<InviteRow | undefined> {
  return db('team_invites')
    .where({ workspace_id: workspaceId })
    .whereRaw('lower(email) = lower(?)', [email])
    .whereNull('revoked_at')
    .where((w) => w.whereNotNull('accepted_at').orWhere('expires_at', '>', now))
    .orderByRaw('accepted_at is null, created_at desc')
    .first();
}
