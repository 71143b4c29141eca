// The in-app simulator's own secrets, derived from the install's ENCRYPTION_KEY. Derived rather
// than stored: web and worker processes (and every restart) agree on them with no table, no
// file and no start-up race, they are unique per install because the key is, and they never
// equal or reveal META_APP_SECRET or the key itself (HMAC is one-way).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SandboxKeys {
  /** Signs the in-app simulator's webhooks; accepted only for this install's sandbox numbers. */
  webhookSecret: string;
  /** Required (X-Sandbox-Token) on the simulator's /control API; the dashboard gets it from GET /api/sandbox. */
  controlToken: string;
}

const derived = new WeakMap<Buffer, SandboxKeys>();

export function sandboxKeys(encryptionKey: Buffer): SandboxKeys {
  let keys = derived.get(encryptionKey);
  if (!keys) {
    keys = {
      webhookSecret: createHmac('sha256', encryptionKey).update('parley-sandbox-webhook-secret').digest('hex'),
      controlToken: createHmac('sha256', encryptionKey).update('parley-sandbox-control-token').digest('base64url'),
    };
    derived.set(encryptionKey, keys);
  }
  return keys;
}

export const CONTROL_TOKEN_HEADER = 'x-sandbox-token';

/** Constant-time: both sides are hashed to 32 bytes first, so not even the length leaks. */
export function tokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
