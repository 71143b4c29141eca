import type { AppContext, AuthUser } from '../context.ts';
import { randomToken, sha256Hex } from '../lib/crypto.ts';
import { HttpError, unauthorized } from '../http/errors.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import { ACCESS_TOKEN_TTL_SECONDS, localVerifier, signLocalAccessToken, supabaseVerifier, type TokenVerifier } from './tokens.ts';
import * as q from './queries.ts';

const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
// Verifying against a fixed hash when the email is unknown keeps response times alike,
// so the login form does not reveal which addresses exist.
let dummyHash: Promise<string> | null = null;

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: string };
}

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

export async function login(ctx: AppContext, email: string, password: string): Promise<Session> {
  if (ctx.config.authMode !== 'local') {
    throw new HttpError(400, 'local_login_disabled', 'This server uses Supabase Auth; sign in through the dashboard');
  }
  const user = await q.findUserByEmail(ctx.db, email);
  dummyHash ??= hashPassword(generatePassword());
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  if (!user || user.auth_provider !== 'local' || !ok) {
    throw new HttpError(401, 'invalid_credentials', 'Email or password is incorrect');
  }
  await q.touchLogin(ctx.db, user.id);
  return issueSession(ctx, user);
}

/** Refresh tokens rotate: each works once. Presenting a used one revokes the whole family. */
export async function refresh(ctx: AppContext, refreshToken: string): Promise<Session> {
  const tokenHash = sha256Hex(refreshToken);
  const live = await q.consumeRefreshToken(ctx.db, tokenHash);
  if (!live) {
    const seen = await q.findRefreshToken(ctx.db, tokenHash);
    if (seen?.revoked_at) {
      await q.revokeUserRefreshTokens(ctx.db, seen.user_id);
      ctx.logger.warn({ userId: seen.user_id }, 'refresh token reused; all sessions of the user revoked');
    }
    throw new HttpError(401, 'invalid_refresh_token', 'Session expired; please sign in again');
  }
  const user = await q.findUserById(ctx.db, live.user_id);
  if (!user) throw new HttpError(401, 'invalid_refresh_token', 'Session expired; please sign in again');
  return issueSession(ctx, user);
}

export async function logout(ctx: AppContext, refreshToken: string): Promise<void> {
  await q.consumeRefreshToken(ctx.db, sha256Hex(refreshToken));
}

async function issueSession(ctx: AppContext, user: q.UserRow): Promise<Session> {
  const refreshToken = randomToken();
  await q.insertRefreshToken(ctx.db, user.id, sha256Hex(refreshToken), new Date(Date.now() + REFRESH_TOKEN_TTL_MS));
  return {
    accessToken: await signLocalAccessToken(ctx.keys.jwtSecret, user),
    refreshToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user: { id: user.id, email: user.email, role: user.role },
  };
}

/** The one check every protected route goes through, whichever issuer signed the token. */
export function createAuthenticator(ctx: AppContext): (token: string) => Promise<AuthUser> {
  const verify: TokenVerifier =
    ctx.config.authMode === 'supabase'
      ? supabaseVerifier(ctx.config.SUPABASE_URL!, ctx.config.SUPABASE_JWT_SECRET)
      : localVerifier(ctx.keys.jwtSecret);
  // A short cache keeps a per-request user lookup (and the Supabase mirror upsert) off the hot path.
  const cache = new Map<string, { user: AuthUser; until: number }>();
  return async (token) => {
    let claims;
    try {
      claims = await verify(token);
    } catch (err) {
      throw unauthorized(`Invalid or expired token: ${(err as Error).message}`);
    }
    const cached = cache.get(claims.sub);
    if (cached && cached.until > Date.now()) return cached.user;
    const user =
      claims.issuer === 'local'
        ? await q.findUserById(ctx.db, claims.sub)
        : await q.upsertExternalUser(ctx.db, ctx.defaultWorkspaceId, claims.sub, claims.email ?? `${claims.sub}@supabase`);
    if (!user) throw unauthorized('User no longer exists');
    const auth = { id: user.id, email: user.email, role: user.role, workspaceId: user.workspace_id };
    if (cache.size > 1000) cache.clear();
    cache.set(claims.sub, { user: auth, until: Date.now() + 60_000 });
    return auth;
  };
}

export async function resetAdminPassword(ctx: Pick<AppContext, 'db'>, email: string | undefined, password: string) {
  const user = email ? await q.findUserByEmail(ctx.db, email) : await ctx.db<q.UserRow>('users').where({ auth_provider: 'local' }).orderBy('created_at').first();
  if (!user || user.auth_provider !== 'local') throw new Error(email ? `no local user with email ${email}` : 'no local admin exists yet; start Parley once first');
  await q.setPasswordHash(ctx.db, user.id, await hashPassword(password));
  await q.revokeUserRefreshTokens(ctx.db, user.id);
  return user.email;
}
