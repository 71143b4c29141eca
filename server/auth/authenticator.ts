import type { AppContext, AuthUser } from '../context.ts';
import type { Db } from '../db/knex.ts';
import { HttpError, unauthorized } from '../http/errors.ts';
import { localVerifier, supabaseVerifier, type TokenVerifier, type VerifiedClaims } from './tokens.ts';
import * as q from './queries.ts';

// The cache keeps a per-request user lookup (and the Supabase mirror upsert) off the hot path.
// A local user's row is re-read at most every 5 s: that is how long a logout or password reset
// made by another process (or `npm run admin:password`) takes to reach this one; in this process
// it is immediate, since those paths call forgetUser. Supabase users are re-checked every 60 s,
// which bounds how long someone removed from the allowlist keeps access.
const LOCAL_RECHECK_MS = 5_000;
const SUPABASE_RECHECK_MS = 60_000;
const MAX_ENTRIES = 1000;

type Entry = { until: number } & ({ user: AuthUser; version: number } | { refused: true });

const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheFor(db: Db): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

/** Drops this process's cached copy of a local user, so a bumped token version applies at once. */
export function forgetUser(db: Db, userId: string): void {
  caches.get(db)?.delete(userId);
}

export const PARLEY_ROLES = ['admin', 'agent'] as const;

/** The role an allowlisted Supabase user gets, or null when the user is not allowed in. */
export function allowedRole(allowlist: readonly string[] | undefined, claims: Pick<VerifiedClaims, 'email' | 'appRole'>): string | null {
  if (claims.appRole && (PARLEY_ROLES as readonly string[]).includes(claims.appRole)) return claims.appRole;
  if (claims.email && allowlist?.includes(claims.email.toLowerCase())) return 'admin';
  return null;
}

function notAllowed(email: string | null): HttpError {
  return new HttpError(
    403,
    'not_allowed',
    `${email ?? 'This account'} is not allowed into this Parley workspace: an admin must add the email to ADMIN_EMAILS ` +
      'or set app_metadata.parley_role to "admin" or "agent" for this user in Supabase',
  );
}

/** The one check every protected route goes through, whichever issuer signed the token. */
export function createAuthenticator(ctx: AppContext): (token: string) => Promise<AuthUser> {
  const supabase = ctx.config.authMode === 'supabase';
  const verify: TokenVerifier = supabase
    ? supabaseVerifier(ctx.config.SUPABASE_URL!, ctx.config.SUPABASE_JWT_SECRET)
    : localVerifier(ctx.keys.jwtSecret);
  if (supabase && !ctx.config.ADMIN_EMAILS) {
    ctx.logger.warn(
      'Supabase auth without ADMIN_EMAILS: only users whose app_metadata.parley_role is "admin" or "agent" can sign in; ' +
        'set ADMIN_EMAILS to the emails of the people who may use this dashboard',
    );
  }
  const cache = cacheFor(ctx.db);
  const remember = <E extends Entry>(sub: string, entry: E): E => {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(sub, entry);
    return entry;
  };

  const authenticateSupabase = async (claims: VerifiedClaims, cached: Entry | undefined): Promise<AuthUser> => {
    const until = Date.now() + SUPABASE_RECHECK_MS;
    // Decided from the token on every request (no I/O), so a role granted or removed in Supabase
    // applies as soon as the user's next token carries it.
    const role = allowedRole(ctx.config.ADMIN_EMAILS, claims);
    if (!role) {
      // Never inserted; a row mirrored while the user was allowed loses its access (and Realtime's).
      if (!cached || !('refused' in cached)) {
        await q.revokeExternalUser(ctx.db, claims.sub);
        remember(claims.sub, { refused: true, until });
      }
      throw notAllowed(claims.email);
    }
    if (cached && 'user' in cached && cached.user.role === role) return cached.user;
    const user = await q
      .upsertExternalUser(ctx.db, ctx.defaultWorkspaceId, claims.sub, claims.email ?? `${claims.sub}@supabase`, role)
      .catch((err: { code?: string }) => {
        // The email moved to this account while another Parley user still holds it.
        if (err.code === '23505') throw new HttpError(409, 'email_in_use', `Another Parley user already has the email ${claims.email}`);
        throw err;
      });
    return remember(claims.sub, { user: toAuthUser(user), version: 0, until }).user;
  };

  const authenticateLocal = async (claims: VerifiedClaims, cached: Entry | undefined): Promise<AuthUser> => {
    let entry = cached && 'user' in cached ? cached : undefined;
    // A version above the cached one is a fresh session after a logout seen by another process.
    if (!entry || claims.version > entry.version) {
      const user = await q.findUserById(ctx.db, claims.sub);
      if (!user) throw unauthorized('User no longer exists');
      entry = remember(claims.sub, { user: toAuthUser(user), version: user.token_version, until: Date.now() + LOCAL_RECHECK_MS });
    }
    if (claims.version !== entry.version) throw unauthorized('This session was ended by a logout or password reset; sign in again');
    return entry.user;
  };

  return async (token) => {
    let claims: VerifiedClaims;
    try {
      claims = await verify(token);
    } catch (err) {
      throw unauthorized(`Invalid or expired token: ${(err as Error).message}`);
    }
    const entry = cache.get(claims.sub);
    const cached = entry && entry.until > Date.now() ? entry : undefined;
    return claims.issuer === 'local' ? authenticateLocal(claims, cached) : authenticateSupabase(claims, cached);
  };
}

function toAuthUser(user: q.UserRow): AuthUser {
  return { id: user.id, email: user.email, role: user.role, workspaceId: user.workspace_id };
}
