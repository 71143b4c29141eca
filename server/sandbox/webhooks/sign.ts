// X-Hub-Signature-256 = "sha256=" + lowercase hex HMAC-SHA256(app secret, raw body bytes)
// (META-PLATFORM 1.2). Signed over the exact bytes sent, never a re-serialisation.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(appSecret: string, raw: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

export function verifySignature(appSecret: string, raw: Buffer | string, header: string | undefined | null): boolean {
  if (!header || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const want = Buffer.from(signBody(appSecret, raw).slice(7), 'hex');
  return timingSafeEqual(want, Buffer.from(header.slice(7), 'hex'));
}

/** Messenger/Instagram send "an escaped unicode version of the payload, with lowercase hex
 * digits" (äöå as \u00e4\u00f6\u00e5); astral characters become surrogate pairs, as in JSON. */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
