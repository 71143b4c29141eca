import type { AppContext } from '../context.ts';
import type { Db } from '../db/knex.ts';
import { randomToken, sha256Hex } from '../lib/crypto.ts';
import { HttpError } from '../http/errors.ts';
import { forgetUser, isMemberRole } from './authenticator.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import { presentUser, type SessionView } from './present.ts';
import { ACCESS_TOKEN_TTL_SECONDS, signLocalAccessToken } from './tokens.ts';
import * as q from './queries.ts';

const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
// Verifying against a fixed hash when the email is unknown keeps response times alike,
// so the login form does not reveal which addresses exist.
let dummyHash: Promise<string> | null = null;

/** Creates the first local admin when there is none; returns the password only when it made one. */
export async function ensureAdmin(ctx: AppContext): Promise<{ email: string; password: string | null } | null> {
  if (ctx.config.authMode !== 'local' || (await q.countLocalUsers(ctx.db)) > 0) return null;
  const email = ctx.config.ADMIN_EMAIL ?? 'admin@parley.local';
  const password = ctx.config.ADMIN_PASSWORD ?? generatePassword();
  await q.insertUser(ctx.db, {
    workspace_id: ctx.defaultWorkspaceId,
    email,
    password_hash: await hashPassword(password),
    auth_provider: 'local',
    external_id: null,
    role: 'admin',
  });
  return { email, password: ctx.config.ADMIN_PASSWORD ? null : password };
}

export async function login(ctx: AppContext, email: string, password: string): Promise<SessionView> {
  if (ctx.config.authMode !== 'local') {
    throw new HttpError(400, 'local_login_disabled', 'This server uses Supabase Auth; sign in through the dashboard');
  }
  const user = await q.findUserByEmail(ctx.db, email);
  dummyHash ??= hashPassword(generatePassword());
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  if (!user || user.auth_provider !== 'local' || !ok || !isMemberRole(user.role)) {
    throw new HttpError(401, 'invalid_credentials', 'Email or password is incorrect');
  }
  await q.touchLogin(ctx.db, user.id);
  return issueSession(ctx, user);
}

/** Refresh tokens rotate: each works once. Presenting a used one revokes the whole family. */
export async function refresh(ctx: AppContext, refreshToken: string): Promise<SessionView> {
  const tokenHash = sha256Hex(refreshToken);
  const live = await q.consumeRefreshToken(ctx.db, tokenHash);
  if (!live) {
    const seen = await q.findRefreshToken(ctx.db, tokenHash);
    if (seen?.revoked_at) {
      await q.revokeUserRefreshTokens(ctx.db, seen.user_id);
      await endAccessTokens(ctx.db, seen.user_id);
      ctx.logger.warn({ userId: seen.user_id }, 'refresh token reused; all sessions of the user revoked');
    }
    throw new HttpError(401, 'invalid_refresh_token', 'Session expired; please sign in again');
  }
  const user = await q.findUserById(ctx.db, live.user_id);
  if (!user) throw new HttpError(401, 'invalid_refresh_token', 'Session expired; please sign in again');
  return issueSession(ctx, user);
}

/** Ends the session of the refresh token and every access token of its user (on all devices). */
export async function logout(ctx: AppContext, refreshToken: string): Promise<void> {
  const live = await q.consumeRefreshToken(ctx.db, sha256Hex(refreshToken));
  if (!live) return;
  await endAccessTokens(ctx.db, live.user_id);
  // Signed out everywhere: no conversation is assigned to them automatically until they are back.
  await ctx.db('users').where({ id: live.user_id }).update({ availability: 'offline' });
}

// Access tokens are stateless for their hour; a new token version is what stops them early.
async function endAccessTokens(db: Db, userId: string): Promise<void> {
  await q.bumpTokenVersion(db, userId);
  forgetUser(db, userId);
}

/** A new signed-in session for the user: an access token and a single-use refresh token. */
export async function issueSession(ctx: AppContext, user: q.UserRow): Promise<SessionView> {
  const refreshToken = randomToken();
  await q.insertRefreshToken(ctx.db, user.id, sha256Hex(refreshToken), new Date(Date.now() + REFRESH_TOKEN_TTL_MS));
  return {
    accessToken: await signLocalAccessToken(ctx.keys.jwtSecret, user),
    refreshToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user: presentUser(user),
  };
}

export async function resetAdminPassword(ctx: Pick<AppContext, 'db'>, email: string | undefined, password: string) {
  const user = email ? await q.findUserByEmail(ctx.db, email) : await ctx.db<q.UserRow>('users').where({ auth_provider: 'local' }).orderBy('created_at').first();
  if (!user || user.auth_provider !== 'local') throw new Error(email ? `no local user with email ${email}` : 'no local admin exists yet; start Parley once first');
  await replacePassword(ctx.db, user.id, password);
  return user.email;
}

/**
 * The signed-in local user picks a new password (Settings). Like the CLI reset it ends every
 * session of the user, on all devices; the device that asked continues with the session returned.
 */
export async function changePassword(ctx: AppContext, userId: string, currentPassword: string, newPassword: string): Promise<SessionView> {
  if (ctx.config.authMode !== 'local') {
    throw new HttpError(400, 'local_login_disabled', 'This server uses Supabase Auth; use "Forgot password?" on the sign-in page');
  }
  const user = await q.findUserById(ctx.db, userId);
  if (!user || user.auth_provider !== 'local' || !user.password_hash) {
    throw new HttpError(400, 'no_local_password', 'This account has no password kept on this server');
  }
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new HttpError(400, 'wrong_password', 'The current password is incorrect');
  }
  if (newPassword === currentPassword) throw new HttpError(400, 'same_password', 'The new password is the same as the current one');
  await replacePassword(ctx.db, user.id, newPassword);
  const updated = await q.findUserById(ctx.db, user.id);
  return issueSession(ctx, updated!);
}

async function replacePassword(db: Db, userId: string, password: string): Promise<void> {
  await q.setPasswordHash(db, userId, await hashPassword(password));
  await q.deleteUserRefreshTokens(db, userId);
  await endAccessTokens(db, userId);
}
