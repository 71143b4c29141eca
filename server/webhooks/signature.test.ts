import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signBody, verifySignature } from './signature.ts';

// Test vectors from META-PLATFORM.md section 1.2 (key "test_app_secret").
const VECTORS: Array<[string, string]> = [
  ['{"object":"whatsapp_business_account","entry":[]}', 'sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756'],
  ['{"text":"caf\\u00e9"}', 'sha256=bb4499e58580005a6a1c9d137b099e427574d6dc9190b6d4f88590b2af74e549'],
  ['{"text":"café"}', 'sha256=121bc8b4786bbcb9b061d9949cf866ed3057463a3eb0d8bd1bcf10637b964398'],
];

describe('webhook signature', () => {
  it('matches Meta test vectors over the raw bytes', () => {
    for (const [body, sig] of VECTORS) {
      assert.equal(signBody('test_app_secret', Buffer.from(body, 'utf8')), sig);
      assert.equal(verifySignature('test_app_secret', Buffer.from(body, 'utf8'), sig), true);
    }
  });

  it('treats the escaped and the UTF-8 form as different bodies', () => {
    assert.equal(verifySignature('test_app_secret', Buffer.from('{"text":"café"}'), VECTORS[1]![1]), false);
  });

  it('accepts upper-case hex, refuses a wrong secret, a missing or malformed header', () => {
    const [body, sig] = VECTORS[0]!;
    const raw = Buffer.from(body);
    assert.equal(verifySignature('test_app_secret', raw, `sha256=${sig.slice(7).toUpperCase()}`), true);
    assert.equal(verifySignature('other_secret', raw, sig), false);
    assert.equal(verifySignature('test_app_secret', raw, undefined), false);
    assert.equal(verifySignature('test_app_secret', raw, 'sha1=abc'), false);
    assert.equal(verifySignature('test_app_secret', raw, sig.slice(0, -1)), false);
  });
});
