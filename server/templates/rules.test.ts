import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyRemote, canUnquarantine, isSendable, type TemplateState } from './rules.ts';

const utility: TemplateState = { status: 'APPROVED', category: 'UTILITY', correctCategory: null, isActive: true, isQuarantined: false };

describe('template rules', () => {
  it('a new UTILITY template is sendable; a new MARKETING or AUTHENTICATION one is quarantined at once', () => {
    const u = applyRemote(null, { status: 'APPROVED', category: 'UTILITY' });
    assert.equal(u.quarantinedNow, false);
    assert.equal(isSendable(u.next), true);
    for (const category of ['MARKETING', 'AUTHENTICATION']) {
      const o = applyRemote(null, { status: 'APPROVED', category });
      assert.equal(o.quarantinedNow, true);
      assert.equal(o.next.isQuarantined, true);
      assert.equal(isSendable(o.next), false);
    }
  });

  it('re-categorisation to MARKETING quarantines once and records both transitions', () => {
    const o = applyRemote(utility, { category: 'MARKETING' });
    assert.equal(o.quarantinedNow, true);
    assert.deepEqual(o.transitions.map((t) => [t.field, t.oldValue, t.newValue]), [
      ['category', 'UTILITY', 'MARKETING'],
      ['quarantine', 'false', 'true'],
    ]);
    const again = applyRemote(o.next, { category: 'MARKETING' });
    assert.equal(again.quarantinedNow, false);
    assert.deepEqual(again.transitions, []);
  });

  it('an announced move to MARKETING (correct_category) quarantines before it happens', () => {
    const o = applyRemote(utility, { correctCategory: 'MARKETING' });
    assert.equal(o.quarantinedNow, true);
    assert.equal(o.next.category, 'UTILITY');
  });

  it('moving back to UTILITY does not lift the quarantine by itself', () => {
    const q = applyRemote(utility, { category: 'MARKETING' }).next;
    const back = applyRemote(q, { category: 'UTILITY' });
    assert.equal(back.next.isQuarantined, true);
    assert.equal(isSendable(back.next), false);
  });

  it('only UTILITY (active, not announced to move) may be un-quarantined', () => {
    const q = applyRemote(utility, { category: 'MARKETING' }).next;
    assert.equal(canUnquarantine(q).ok, false);
    assert.equal(canUnquarantine({ ...q, category: 'AUTHENTICATION' }).ok, false);
    assert.equal(canUnquarantine({ ...q, category: 'UTILITY' }).ok, true);
    assert.equal(canUnquarantine({ ...q, category: 'UTILITY', correctCategory: 'MARKETING' }).ok, false);
    assert.equal(canUnquarantine({ ...q, category: 'UTILITY', isActive: false }).ok, false);
    assert.equal(canUnquarantine(utility).ok, false);
  });

  it('deletion on Meta marks inactive; a status change is recorded; only APPROVED sends', () => {
    const gone = applyRemote(utility, { status: 'DELETED', deleted: true });
    assert.equal(gone.next.isActive, false);
    assert.deepEqual(gone.transitions.map((t) => t.field), ['status', 'active']);
    const paused = applyRemote(utility, { status: 'PAUSED' });
    assert.equal(isSendable(paused.next), false);
    assert.deepEqual(paused.transitions.map((t) => [t.oldValue, t.newValue]), [['APPROVED', 'PAUSED']]);
    const back = applyRemote(gone.next, { status: 'APPROVED', category: 'UTILITY' });
    assert.equal(back.next.isActive, true);
  });
});
