import { createHmac } from 'node:crypto';
import { safeEqual } from '../lib/crypto.ts';

/** X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, raw body bytes). */
export function signBody(appSecret: string, raw: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

export function verifySignature(appSecret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  return safeEqual(signBody(appSecret, raw), `sha256=${header.slice(7).toLowerCase()}`);
}
