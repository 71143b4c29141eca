import { createHmac, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

// A web chat visitor's token: who they are (a random visitor id), for which widget, and from which
// site. Signed with a key derived from the app's JWT secret (HMAC-SHA256 of a fixed label), so a
// visitor token never passes the dashboard's auth and a dashboard token never passes the visitor
// API's, and a leaked visitor token reveals nothing about the secret. Valid 90 days; every session
// call issues a fresh one.

export const VISITOR_TOKEN_TTL_SECONDS = 90 * 24 * 3600;
const ISSUER = 'parley-webchat';
const AUDIENCE = 'webchat-visitor';

/**
 * The signing key. Supabase mode may run without a JWT secret of ours: then the encryption key
 * (always set) is the root instead, so the key is never derived from an empty secret.
 */
export function visitorTokenKey(jwtSecret: Uint8Array, encryptionKey: Buffer): Uint8Array {
  const root = jwtSecret.length ? jwtSecret : encryptionKey;
  return new Uint8Array(createHmac('sha256', root).update('parley-widget-token').digest());
}

/** `v_` and 22 random base64url characters (128 bits). */
export const newVisitorId = (): string => `v_${randomBytes(16).toString('base64url')}`;
export const VISITOR_ID = /^v_[A-Za-z0-9_-]{22}$/;

export interface VisitorClaims {
  visitorId: string;
  /** The widget's channel account id. */
  widgetId: string;
  /** The embedding site's origin the session was opened from. */
  origin: string;
}

const claims = z.object({
  sub: z.string().regex(VISITOR_ID),
  wid: z.uuid(),
  org: z.string().max(300),
});

export async function signVisitorToken(key: Uint8Array, c: VisitorClaims, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ wid: c.widgetId, org: c.origin })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(c.visitorId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + VISITOR_TOKEN_TTL_SECONDS)
    .sign(key);
}

/** The claims, or why the token is refused (a sentence for the 401). */
export async function verifyVisitorToken(key: Uint8Array, token: string, now = Date.now()): Promise<VisitorClaims | { refused: string }> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: new Date(now) });
    const parsed = claims.safeParse(payload);
    if (!parsed.success) return { refused: 'The visitor token does not name a visitor and a widget' };
    return { visitorId: parsed.data.sub, widgetId: parsed.data.wid, origin: parsed.data.org };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { refused: 'The visitor token has expired: open a new session' };
    return { refused: 'The visitor token is not valid: open a new session' };
  }
}
