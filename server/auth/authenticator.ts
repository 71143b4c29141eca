import type { AppContext, AuthUser } from '../context.ts';
import type { Db } from '../db/knex.ts';
import { HttpError, unauthorized } from '../http/errors.ts';
import { localVerifier, supabaseVerifier, type TokenVerifier, type VerifiedClaims } from './tokens.ts';
import { recordAudit } from '../audit/record.ts';
import { inviteGrant } from '../team/queries.ts';
import * as q from './queries.ts';

// The cache keeps a per-request user lookup (and the Supabase mirror upsert) off the hot path.
// A local user's row is re-read at most every 5 s: that is how long a logout or password reset
// made by another process (or `npm run admin:password`) takes to reach this one; in this process
// it is immediate, since those paths call forgetUser. Supabase users are re-checked every 60 s,
// which bounds how long someone removed from the allowlist keeps access.
const LOCAL_RECHECK_MS = 5_000;
const SUPABASE_RECHECK_MS = 60_000;
const MAX_ENTRIES = 1000;

// `invite`: admitted by a Parley invite (a database row), so re-checked with the cache rather than
// on every request like the token's own role and the env allowlists.
type Entry = { until: number } & ({ user: AuthUser; version: number; via?: 'token' | 'invite' } | { refused: true });

const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheFor(db: Db): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

/**
 * Drops this process's cached copy of a user, so a bumped token version, a new role or a removal
 * applies at once. The key is the token's subject: the user id (local) or the Supabase user id.
 */
export function forgetUser(db: Db, subject: string): void {
  caches.get(db)?.delete(subject);
}

export const PARLEY_ROLES = ['admin', 'agent'] as const;

/** admin or agent: a removed user (role revoked) is no longer a member, whatever token they hold. */
export const isMemberRole = (role: string) => (PARLEY_ROLES as readonly string[]).includes(role);

export interface Allowlists {
  ADMIN_EMAILS?: readonly string[];
  AGENT_EMAILS?: readonly string[];
}

/**
 * The role a Supabase user gets from their token and the env allowlists, or null (then an invite
 * may still admit them). Supabase's app_metadata.parley_role wins, then ADMIN_EMAILS, then AGENT_EMAILS.
 */
export function allowedRole(lists: Allowlists, claims: Pick<VerifiedClaims, 'email' | 'appRole'>): string | null {
  if (claims.appRole && isMemberRole(claims.appRole)) return claims.appRole;
  const email = claims.email?.toLowerCase();
  if (email && lists.ADMIN_EMAILS?.includes(email)) return 'admin';
  if (email && lists.AGENT_EMAILS?.includes(email)) return 'agent';
  return null;
}

function notAllowed(email: string | null): HttpError {
  return new HttpError(
    403,
    'not_allowed',
    `${email ?? 'This account'} is not allowed into this Parley workspace: an admin must invite this email (Settings > Team), ` +
      'add it to ADMIN_EMAILS or AGENT_EMAILS, or set app_metadata.parley_role to "admin" or "agent" for this user in Supabase',
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
      'Supabase auth without ADMIN_EMAILS: only users whose app_metadata.parley_role is "admin" or "agent" (or invited by such an admin) can sign in; ' +
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
    const fromToken = allowedRole(ctx.config, claims);
    if (!fromToken && cached && 'user' in cached && cached.via === 'invite') return cached.user;
    const grant = !fromToken && claims.email ? await inviteGrant(ctx.db, ctx.defaultWorkspaceId, claims.email) : undefined;
    const role = fromToken ?? grant?.role ?? null;
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
    if (grant && !grant.accepted_at) await acceptSupabaseInvite(ctx.db, grant, user);
    return remember(claims.sub, { user: toAuthUser(user), version: 0, until, via: fromToken ? 'token' : 'invite' }).user;
  };

  const authenticateLocal = async (claims: VerifiedClaims, cached: Entry | undefined): Promise<AuthUser> => {
    let entry = cached && 'user' in cached ? cached : undefined;
    // A version above the cached one is a fresh session after a logout seen by another process.
    if (!entry || claims.version > entry.version) {
      const user = await q.findUserById(ctx.db, claims.sub);
      if (!user) throw unauthorized('User no longer exists');
      if (!isMemberRole(user.role)) throw unauthorized('This account was removed from the team; ask an admin to invite you again');
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

/** A Supabase user's first sign-in through an invite: the invite is theirs now, and the admins see it. */
async function acceptSupabaseInvite(db: Db, invite: { id: string; workspace_id: string; role: string }, user: q.UserRow): Promise<void> {
  await db.transaction(async (trx) => {
    const updated = await trx('team_invites').where({ id: invite.id }).whereNull('accepted_at').update({ accepted_at: trx.fn.now(), accepted_user_id: user.id });
    if (!updated) return;
    await recordAudit(trx, {
      workspaceId: invite.workspace_id,
      actor: { id: user.id, email: user.email },
      action: 'invite.accepted',
      targetType: 'user',
      targetId: user.id,
      detail: `${user.email} joined as ${invite.role} (Supabase sign-in)`,
    });
  });
}

function toAuthUser(user: q.UserRow): AuthUser {
  return { id: user.id, email: user.email, role: user.role, workspaceId: user.workspace_id };
}
