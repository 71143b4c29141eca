import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

// Local and Supabase tokens are checked against the same claims: a subject, the
// "authenticated" audience and role, and an unexpired exp. Only the issuer and key differ.
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const LOCAL_ISSUER = 'parley';
const AUDIENCE = 'authenticated';

// A signature proves who minted a token, not that its claims fit our columns: users.id and
// Supabase's auth.users.id are UUIDs, so anything else is refused here rather than by Postgres.
const accessClaims = z.object({
  sub: z.uuid('the subject is not a user id (UUID)'),
  role: z.literal(AUDIENCE, 'the role is not authenticated'),
  exp: z.number('it has no expiry'),
  email: z.string().optional().catch(undefined),
  ver: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  // Set only through Supabase's admin API (service role); users cannot edit it, unlike user_metadata.
  app_metadata: z.looseObject({ parley_role: z.unknown().optional() }).optional().catch(undefined),
});

export interface VerifiedClaims {
  sub: string;
  email: string | null;
  issuer: 'local' | 'supabase';
  /** The users.token_version the token was issued under (local tokens); 0 when absent. */
  version: number;
  /** app_metadata.parley_role of a Supabase user, when it is a string. */
  appRole: string | null;
}

export async function signLocalAccessToken(
  secret: Uint8Array,
  user: { id: string; email: string; token_version: number },
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ email: user.email, role: AUDIENCE, ver: user.token_version })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(secret);
}

export type TokenVerifier = (token: string) => Promise<VerifiedClaims>;

export function localVerifier(secret: Uint8Array): TokenVerifier {
  return async (token) => checkClaims(await jwtVerify(token, secret, { issuer: LOCAL_ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }), 'local');
}

/** Supabase signs with its JWT secret (HS256, older projects) or asymmetric keys published as JWKS. */
export function supabaseVerifier(supabaseUrl: string, jwtSecret?: string): TokenVerifier {
  const issuer = `${supabaseUrl.replace(/\/$/, '')}/auth/v1`;
  const key: Uint8Array | JWTVerifyGetKey = jwtSecret
    ? new TextEncoder().encode(jwtSecret)
    : createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return async (token) => {
    const result =
      key instanceof Uint8Array
        ? await jwtVerify(token, key, { issuer, audience: AUDIENCE, algorithms: ['HS256'] })
        : await jwtVerify(token, key, { issuer, audience: AUDIENCE });
    return checkClaims(result, 'supabase');
  };
}

function checkClaims({ payload }: { payload: JWTPayload }, issuer: VerifiedClaims['issuer']): VerifiedClaims {
  const parsed = accessClaims.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`token claim ${issue.path.join('.') || '(payload)'} is invalid: ${issue.message}`);
  }
  const claims = parsed.data;
  const appRole = claims.app_metadata?.parley_role;
  return {
    sub: claims.sub,
    email: claims.email || null,
    issuer,
    version: claims.ver ?? 0,
    appRole: typeof appRole === 'string' ? appRole : null,
  };
}
