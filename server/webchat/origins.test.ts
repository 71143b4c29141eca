import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { frameCsp, originAllowed } from './origins.ts';

describe('web chat origins', () => {
  const allowed = ['https://shop.example.com', 'https://*.example.org', 'http://localhost:3000'];

  it('matches an exact origin, with the default port the same as none', () => {
    assert.equal(originAllowed('https://shop.example.com', allowed), true);
    assert.equal(originAllowed('https://SHOP.example.com', allowed), true);
    assert.equal(originAllowed('https://shop.example.com:443', allowed), true);
    assert.equal(originAllowed('http://shop.example.com', allowed), false, 'the scheme counts');
    assert.equal(originAllowed('https://shop.example.com:8443', allowed), false, 'another port is another site');
    assert.equal(originAllowed('https://evil-shop.example.com', allowed), false);
    assert.equal(originAllowed('https://shop.example.com.evil.net', allowed), false);
    assert.equal(originAllowed('http://localhost:3000', allowed), true);
    assert.equal(originAllowed('http://localhost', allowed), false);
  });

  it('a wildcard covers subdomains at any depth, never the apex or a look-alike', () => {
    assert.equal(originAllowed('https://blog.example.org', allowed), true);
    assert.equal(originAllowed('https://a.b.example.org', allowed), true);
    assert.equal(originAllowed('https://example.org', allowed), false);
    assert.equal(originAllowed('https://badexample.org', allowed), false);
    assert.equal(originAllowed('http://blog.example.org', allowed), false);
  });

  it('refuses what is no page origin: null, paths, patterns, junk, and an empty list', () => {
    for (const o of ['null', '', 'https://shop.example.com/', 'https://shop.example.com/path', 'https://*.example.org', 'shop.example.com', 'javascript:alert(1)', 'https://shop.example.com:99999', 'https://user@shop.example.com']) {
      assert.equal(originAllowed(o, allowed), false, o);
    }
    assert.equal(originAllowed('https://shop.example.com', []), false);
  });

  it("the frame's CSP lists the allowed sites after 'self', and the preview allows only Parley", () => {
    const csp = frameCsp(['https://shop.example.com', 'https://*.example.org']);
    assert.match(csp, /frame-ancestors 'self' https:\/\/shop\.example\.com https:\/\/\*\.example\.org;/);
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:", "connect-src 'self'", "base-uri 'none'", "form-action 'self'"]) assert.ok(csp.includes(d), d);
    assert.match(frameCsp(null), /frame-ancestors 'self';/);
    assert.match(frameCsp(['https://x.example.com; script-src *', 'https://ok.example.com']), /frame-ancestors 'self' https:\/\/ok\.example\.com;/, 'a value that is not an origin is left out');
  });
});
