import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, isLegacySecret, rewrapLegacySecret, safeEqual } from './crypto.ts';

const TOKEN = 'channel_accounts.access_token_enc';
const LLM_KEY = 'settings.value:llm.api_key';

/** The v1 format written before bindings existed (no AAD), as older installs have it on disk. */
function sealV1(key: Buffer, plaintext: string, tagLength = 16): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

/** A v2 value with the right AAD but a tag of `tagLength` bytes. */
function sealV2WithTag(key: Buffer, plaintext: string, binding: string, tagLength: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  cipher.setAAD(Buffer.from(binding));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v2', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

describe('secret sealing (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a ciphertext', () => {
    const a = encryptSecret(key, 'EAAG-token-ü', TOKEN);
    const b = encryptSecret(key, 'EAAG-token-ü', TOKEN);
    assert.notEqual(a, b);
    assert.ok(!a.includes('EAAG'));
    assert.ok(a.startsWith('v2:'));
    assert.equal(Buffer.from(a.split(':')[2]!, 'base64').length, 16);
    assert.equal(decryptSecret(key, a, TOKEN), 'EAAG-token-ü');
  });

  it('refuses a tampered value or the wrong key', () => {
    const sealed = encryptSecret(key, 'secret', TOKEN);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('SECRET').toString('base64');
    assert.throws(() => decryptSecret(key, parts.join(':'), TOKEN));
    assert.throws(() => decryptSecret(randomBytes(32), sealed, TOKEN));
    assert.throws(() => decryptSecret(key, 'plain text', TOKEN), /not an encrypted secret/);
    assert.throws(() => decryptSecret(key, `${sealed}:extra`, TOKEN), /not an encrypted secret/);
  });

  it('a value moved to another column or row kind does not decrypt there', () => {
    const token = encryptSecret(key, 'EAAG-token', TOKEN);
    assert.throws(() => decryptSecret(key, token, LLM_KEY), /unable to authenticate/);
    assert.throws(() => decryptSecret(key, token, 'settings.value:llm.other'), /unable to authenticate/);
    const llm = encryptSecret(key, 'sk-key', LLM_KEY);
    assert.throws(() => decryptSecret(key, llm, TOKEN), /unable to authenticate/);
    assert.equal(decryptSecret(key, llm, LLM_KEY), 'sk-key');
  });

  it('refuses an auth tag that is not 16 bytes, even one that authenticates', () => {
    for (const len of [4, 8, 12, 15]) {
      const short = sealV2WithTag(key, 'secret', TOKEN, len);
      assert.throws(() => decryptSecret(key, short, TOKEN), new RegExp(`${len}-byte auth tag, expected 16`));
    }
    // a 16-byte tag cut to 12 bytes (the truncation attack) is refused for its length, before GCM
    const full = encryptSecret(key, 'secret', TOKEN).split(':');
    full[2] = Buffer.from(full[2]!, 'base64').subarray(0, 12).toString('base64');
    assert.throws(() => decryptSecret(key, full.join(':'), TOKEN), /12-byte auth tag/);
    assert.throws(() => rewrapLegacySecret(key, sealV1(key, 'secret', 12), TOKEN), /12-byte auth tag/);
  });

  it('a v1 value is recognised, refused by the normal read, and rewrapped to a bound v2', () => {
    const v1 = sealV1(key, 'EAAG-old');
    assert.equal(isLegacySecret(v1), true);
    assert.throws(() => decryptSecret(key, v1, TOKEN), /sealed as v1/);
    const v2 = rewrapLegacySecret(key, v1, TOKEN);
    assert.equal(isLegacySecret(v2), false);
    assert.equal(decryptSecret(key, v2, TOKEN), 'EAAG-old');
    assert.throws(() => decryptSecret(key, v2, LLM_KEY));
    assert.throws(() => rewrapLegacySecret(key, v2, TOKEN), /not a v1 secret/);
    assert.throws(() => rewrapLegacySecret(randomBytes(32), v1, TOKEN));
  });

  it('compares in constant time without throwing on length mismatch', () => {
    assert.equal(safeEqual('abc', 'abc'), true);
    assert.equal(safeEqual('abc', 'abcd'), false);
  });
});
