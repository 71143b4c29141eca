import type { Db } from '../db/knex.ts';

export interface UserRow {
  id: string;
  workspace_id: string;
  email: string;
  password_hash: string | null;
  auth_provider: 'local' | 'supabase';
  external_id: string | null;
  role: string;
  /** Bumped by logout, password reset and refresh-token reuse: older access tokens stop working. */
  token_version: number;
  /** When an admin removed the user from the team (role is then revoked). */
  removed_at?: Date | null;
}

export const findUserByEmail = (db: Db, email: string) =>
  db<UserRow>('users').whereRaw('lower(email) = lower(?)', [email]).first();

export const findUserById = (db: Db, id: string) => db<UserRow>('users').where({ id }).first();

export const countLocalUsers = async (db: Db) =>
  Number((await db('users').where({ auth_provider: 'local' }).count<{ count: string }[]>('* as count'))[0]!.count);

export async function insertUser(db: Db, row: Omit<UserRow, 'id' | 'token_version'>): Promise<UserRow> {
  const [user] = await db<UserRow>('users').insert(row).returning('*');
  return user!;
}

/**
 * Allowlisted Supabase users are mirrored on first sight so that every row can point at a local
 * user id; their role follows the allowlist, and the Realtime read policies check it.
 */
export async function upsertExternalUser(db: Db, workspaceId: string, externalId: string, email: string, role: string): Promise<UserRow> {
  // users.email is unique: a row with this email but another external id is the same person (the
  // local admin from before Supabase, or a user deleted in Supabase and invited again): link it.
  const [linked] = await db<UserRow>('users')
    .whereRaw('lower(email) = lower(?)', [email])
    .where((w) => w.whereNull('external_id').orWhereNot('external_id', externalId))
    .whereNotExists(db('users').where({ external_id: externalId }))
    .update({ external_id: externalId, role, removed_at: null })
    .returning('*');
  if (linked) return linked;
  const [user] = await db<UserRow>('users')
    .insert({ workspace_id: workspaceId, email, auth_provider: 'supabase', external_id: externalId, role })
    .onConflict('external_id')
    .merge({ email, role, removed_at: null })
    .returning('*');
  return user!;
}

export const REVOKED_ROLE = 'revoked';

/** A mirrored Supabase user who left the allowlist keeps its row (history points at it) but no access. */
export const revokeExternalUser = (db: Db, externalId: string) =>
  db('users').where({ external_id: externalId }).whereNot({ role: REVOKED_ROLE }).update({ role: REVOKED_ROLE, availability: 'offline' });

export const bumpTokenVersion = (db: Db, id: string) =>
  db('users').where({ id }).increment('token_version', 1);

export const touchLogin = (db: Db, id: string) => db('users').where({ id }).update({ last_login_at: db.fn.now() });

export const setPasswordHash = (db: Db, id: string, passwordHash: string) =>
  db('users').where({ id }).update({ password_hash: passwordHash });

export async function insertRefreshToken(db: Db, userId: string, tokenHash: string, expiresAt: Date) {
  await db('refresh_tokens').insert({ user_id: userId, token_hash: tokenHash, expires_at: expiresAt });
}

/** Marks a refresh token used; returns its row only if it was live, so a token works once. */
export async function consumeRefreshToken(db: Db, tokenHash: string) {
  const rows = await db('refresh_tokens')
    .where({ token_hash: tokenHash })
    .whereNull('revoked_at')
    .where('expires_at', '>', db.fn.now())
    .update({ revoked_at: db.fn.now() })
    .returning(['user_id']);
  return rows[0] as { user_id: string } | undefined;
}

export const findRefreshToken = (db: Db, tokenHash: string) =>
  db('refresh_tokens').where({ token_hash: tokenHash }).first<{ user_id: string; revoked_at: Date | null } | undefined>();

export const revokeUserRefreshTokens = (db: Db, userId: string) =>
  db('refresh_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });

/**
 * Forgets every refresh token of the user rather than marking them revoked: a device presenting
 * one later gets a plain 401, where a revoked token would count as reuse and end the new sessions too.
 */
export const deleteUserRefreshTokens = (db: Db, userId: string) => db('refresh_tokens').where({ user_id: userId }).delete();

export const deleteDeadRefreshTokens = (db: Db) =>
  db('refresh_tokens')
    .where('expires_at', '<', db.fn.now())
    .orWhere('revoked_at', '<', db.raw("now() - interval '1 day'"))
    .delete();
