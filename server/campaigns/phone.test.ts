import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePhone, parseCountryRules } from './phone.ts';

const ok = (raw: string, phone: string) => assert.deepEqual(normalizePhone(raw), { ok: true, phone }, raw);
const bad = (raw: string, reason: RegExp) => {
  const r = normalizePhone(raw);
  assert.equal(r.ok, false, raw);
  if (!r.ok) assert.match(r.reason, reason, raw);
};

describe('CSV phone validation', () => {
  it('accepts 12 digits starting with 91 after stripping spaces, + and -', () => {
    ok('919876543210', '919876543210');
    ok('+91 98765 43210', '919876543210');
    ok('+91-98765-43210', '919876543210');
    ok(' 91 (98765) 43210 ', '919876543210');
    ok('0091 9876543210', '919876543210');
  });

  it('accepts Excel scientific notation only when every digit survived', () => {
    ok('9.19876543210E+11', '919876543210');
    ok('9.1987654321E+11', '919876543210');
    ok('9.19876543210e11', '919876543210');
    ok('9,19876543210E+11', '919876543210'); // a European locale's decimal comma
    bad('9,19877E+11', /rounded by Excel/);
    bad('9.19877E+11', /the number was rounded by Excel \(scientific notation\); format the column as text/);
  });

  it('refuses with a reason: wrong length, wrong country, letters, empty', () => {
    bad('9876543210', /must start with country code 91/);
    bad('91987654321', /must have 12 digits .* \(has 11\)/);
    bad('9198765432101', /has 13/);
    bad('447700900123', /country code 91/);
    bad('91987654321O', /characters other than digits/);
    bad('', /empty/);
    bad('-9.19876543210E+11', /negative/);
  });

  it('takes other countries when configured', () => {
    const rules = parseCountryRules('91:12, 971:12');
    assert.deepEqual(normalizePhone('+971 50 123 4567', rules), { ok: true, phone: '971501234567' });
    assert.throws(() => parseCountryRules('91'), /code:digits/);
  });
});
