import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';

// Local and Supabase tokens are checked against the same claims: a subject, the
// "authenticated" audience and role, and an unexpired exp. Only the issuer and key differ.
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const LOCAL_ISSUER = 'parley';
const AUDIENCE = 'authenticated';

export interface VerifiedClaims {
  sub: string;
  email: string | null;
  issuer: 'local' | 'supabase';
}

export async function signLocalAccessToken(secret: Uint8Array, user: { id: string; email: string }, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ email: user.email, role: AUDIENCE })
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
  if (!payload.sub) throw new Error('token has no subject');
  if (payload.role !== AUDIENCE) throw new Error('token role is not authenticated');
  if (typeof payload.exp !== 'number') throw new Error('token has no expiry');
  return { sub: payload.sub, email: typeof payload.email === 'string' ? payload.email : null, issuer };
}
