import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Secrets at rest (access tokens, API keys) are sealed with AES-256-GCM: the auth tag makes a
// tampered or wrongly-keyed value fail loudly instead of decrypting to garbage. Since v2 each
// value is also bound (as GCM additional data) to the place it lives, so a ciphertext copied to
// another column or row kind does not decrypt there. v1 values (unbound) are only read by the
// boot-time rewrap (server/secrets/rewrap.ts), which turns them into v2.
const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const IV_BYTES = 12;
// Pinned: GCM accepts shorter tags, and a truncated tag makes a forgery far cheaper.
const TAG_BYTES = 16;

/** Where a sealed value lives: 'table.column', or 'table.column:row kind' for a shared column. */
export type SecretBinding = `${string}.${string}`;

export function encryptSecret(key: Buffer, plaintext: string, binding: SecretBinding): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function decryptSecret(key: Buffer, sealed: string, binding: SecretBinding): string {
  const parts = splitSealed(sealed);
  if (parts.version !== VERSION) throw new Error(`secret is sealed as ${parts.version}, expected ${VERSION} (it could not be re-sealed at start: enter it again)`);
  return open(key, parts, binding);
}

/** True for a value sealed before bindings existed (it still needs the rewrap). */
export function isLegacySecret(sealed: string): boolean {
  return sealed.startsWith(`${LEGACY_VERSION}:`);
}

/** Opens a v1 value and seals it again as v2 for `binding`. */
export function rewrapLegacySecret(key: Buffer, sealed: string, binding: SecretBinding): string {
  const parts = splitSealed(sealed);
  if (parts.version !== LEGACY_VERSION) throw new Error(`not a ${LEGACY_VERSION} secret`);
  return encryptSecret(key, open(key, parts, null), binding);
}

interface SealedParts {
  version: string;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

function splitSealed(sealed: string): SealedParts {
  const [version, iv, tag, body, extra] = sealed.split(':');
  if ((version !== VERSION && version !== LEGACY_VERSION) || !iv || !tag || body === undefined || extra !== undefined) throw new Error('not an encrypted secret');
  return { version, iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), body: Buffer.from(body, 'base64') };
}

function open(key: Buffer, p: SealedParts, binding: SecretBinding | null): string {
  if (p.iv.length !== IV_BYTES) throw new Error(`encrypted secret has a ${p.iv.length}-byte IV, expected ${IV_BYTES}`);
  if (p.tag.length !== TAG_BYTES) throw new Error(`encrypted secret has a ${p.tag.length}-byte auth tag, expected ${TAG_BYTES}`);
  const decipher = createDecipheriv('aes-256-gcm', key, p.iv, { authTagLength: TAG_BYTES });
  if (binding !== null) decipher.setAAD(Buffer.from(binding, 'utf8'));
  decipher.setAuthTag(p.tag);
  return Buffer.concat([decipher.update(p.body), decipher.final()]).toString('utf8');
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
