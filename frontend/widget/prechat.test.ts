import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visitorBody } from '../../server/webchat/schema.ts';
import { phoneDigits, validatePreChat, visibleFields, type PreChatModes } from './prechat.ts';

const ALL_REQUIRED: PreChatModes = { name: 'required', email: 'required', phone: 'required' };

describe('pre-chat form validation', () => {
  it('shows the fields that are not off, in order', () => {
    assert.deepEqual(visibleFields({ name: 'off', email: 'required', phone: 'optional' }), ['email', 'phone']);
    assert.deepEqual(visibleFields({ name: 'off', email: 'off', phone: 'off' }), []);
  });

  it('asks for each required field that is empty or blank', () => {
    const r = validatePreChat(ALL_REQUIRED, { name: '  ', email: '' });
    assert.deepEqual(r, { ok: false, errors: { name: 'Please enter your name.', email: 'Please enter your email address.', phone: 'Please enter your phone number.' } });
  });

  it('leaves optional empty fields out of the body and ignores fields that are off', () => {
    const r = validatePreChat({ name: 'optional', email: 'off', phone: 'optional' }, { name: '', email: 'not checked', phone: '' });
    assert.deepEqual(r, { ok: true, body: {} });
  });

  it('explains a wrong email or phone, even in an optional field', () => {
    const r = validatePreChat({ name: 'off', email: 'optional', phone: 'optional' }, { email: 'ann@', phone: '12' });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.errors.email! : '', /valid email/);
    assert.match(!r.ok ? r.errors.phone! : '', /country code/);
  });

  it('sends what the server stores: trimmed name, lower-case email, phone digits', () => {
    const r = validatePreChat(ALL_REQUIRED, { name: ' Ann Lee ', email: ' Ann@Example.COM ', phone: '+44 (7700) 900-123' });
    assert.deepEqual(r, { ok: true, body: { name: 'Ann Lee', email: 'ann@example.com', phone: '447700900123' } });
    assert.equal(phoneDigits('+1 415-555-0100'), '14155550100');
  });

  it('agrees with the server schema (visitorBody) on what is valid', () => {
    const samples = [
      { email: 'a@b.co' }, { email: 'a.b+c@sub.example.org' }, { email: 'a@b' }, { email: 'a b@c.com' }, { email: '.a@b.com' }, { email: 'a@-b.com' },
      { phone: '+91 98765 43210' }, { phone: '0123456789' }, { phone: '1234567' }, { phone: '1234567890123456' }, { phone: 'abc' },
      { name: 'x'.repeat(100) }, { name: 'x'.repeat(101) },
    ];
    for (const sample of samples) {
      const ours = validatePreChat({ name: 'optional', email: 'optional', phone: 'optional' }, sample);
      const server = visitorBody.safeParse(sample);
      assert.equal(ours.ok, server.success, JSON.stringify(sample));
      if (ours.ok && server.success) assert.deepEqual(ours.body, server.data);
    }
  });
});
