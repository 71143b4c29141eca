// META-PLATFORM 1.2 test vectors, key test_app_secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeNonAscii, signBody, verifySignature } from './sign.ts';

const KEY = 'test_app_secret';
const VECTORS: Array<[string, string, number]> = [
  ['{"object":"whatsapp_business_account","entry":[]}', 'sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756', 49],
  ['{"text":"caf\\u00e9"}', 'sha256=bb4499e58580005a6a1c9d137b099e427574d6dc9190b6d4f88590b2af74e549', 20],
  ['{"text":"café"}', 'sha256=121bc8b4786bbcb9b061d9949cf866ed3057463a3eb0d8bd1bcf10637b964398', 16],
];

test('signs the documented vectors', () => {
  for (const [body, sig, bytes] of VECTORS) {
    const raw = Buffer.from(body, 'utf8');
    assert.equal(raw.length, bytes);
    assert.equal(signBody(KEY, raw), sig);
    assert.ok(verifySignature(KEY, raw, sig));
  }
});

test('verification is over raw bytes: the escaped and UTF-8 forms do not share a signature', () => {
  const [, escaped, utf8] = VECTORS;
  assert.deepEqual(JSON.parse(escaped[0]), JSON.parse(utf8[0]));
  assert.equal(verifySignature(KEY, Buffer.from(utf8[0]), escaped[1]), false);
  assert.equal(verifySignature('other_secret', Buffer.from(utf8[0]), utf8[1]), false);
  assert.equal(verifySignature(KEY, Buffer.from(utf8[0]), undefined), false);
  assert.equal(verifySignature(KEY, Buffer.from(utf8[0]), 'sha1=abc'), false);
  // Upper-case hex in the header still verifies.
  assert.ok(verifySignature(KEY, Buffer.from(utf8[0]), utf8[1].toUpperCase().replace('SHA256=', 'sha256=')));
});

test('escapeNonAscii produces the Messenger form with lowercase hex', () => {
  assert.equal(escapeNonAscii(JSON.stringify({ text: 'café' })), VECTORS[1][0]);
  assert.equal(escapeNonAscii('"äöå"'), '"\\u00e4\\u00f6\\u00e5"');
  assert.equal(escapeNonAscii('"❤️"'), '"\\u2764\\ufe0f"');
  assert.deepEqual(JSON.parse(escapeNonAscii(JSON.stringify({ e: '👍' }))), { e: '👍' });
});
