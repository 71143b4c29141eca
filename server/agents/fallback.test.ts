import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_REPLY_QUIET_MS, defaultReplyDue, fallbackText } from './fallback.ts';

describe('default fallback reply', () => {
  const on = { enabled: true, text: 'We will answer soon.' };
  const off = { enabled: false, text: 'We will answer soon.' };
  it('a number inherits the workspace text only while it is on', () => {
    assert.equal(fallbackText(on, { mode: 'inherit', text: null }), 'We will answer soon.');
    assert.equal(fallbackText(off, { mode: 'inherit', text: 'ignored' }), null);
    assert.equal(fallbackText({ enabled: true, text: '  ' }, { mode: 'inherit', text: null }), null);
  });
  it('a number can have its own text, or none, whatever the workspace says', () => {
    assert.equal(fallbackText(off, { mode: 'custom', text: 'Shop opens at 10.' }), 'Shop opens at 10.');
    assert.equal(fallbackText(on, { mode: 'custom', text: ' ' }), null);
    assert.equal(fallbackText(on, { mode: 'off', text: 'x' }), null);
  });
  it('is due again only after the quiet period', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    assert.equal(defaultReplyDue(null, now), true);
    assert.equal(defaultReplyDue(new Date(now.getTime() - DEFAULT_REPLY_QUIET_MS + 1), now), false);
    assert.equal(defaultReplyDue(new Date(now.getTime() - DEFAULT_REPLY_QUIET_MS), now), true);
  });
});
