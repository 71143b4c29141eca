import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, safeEqual } from './crypto.ts';

describe('secret sealing (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a ciphertext', () => {
    const a = encryptSecret(key, 'EAAG-token-ü');
    const b = encryptSecret(key, 'EAAG-token-ü');
    assert.notEqual(a, b);
    assert.ok(!a.includes('EAAG'));
    assert.equal(decryptSecret(key, a), 'EAAG-token-ü');
  });

  it('refuses a tampered value or the wrong key', () => {
    const sealed = encryptSecret(key, 'secret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('SECRET').toString('base64');
    assert.throws(() => decryptSecret(key, parts.join(':')));
    assert.throws(() => decryptSecret(randomBytes(32), sealed));
    assert.throws(() => decryptSecret(key, 'plain text'), /not an encrypted secret/);
  });

  it('compares in constant time without throwing on length mismatch', () => {
    assert.equal(safeEqual('abc', 'abc'), true);
    assert.equal(safeEqual('abc', 'abcd'), false);
  });
});
