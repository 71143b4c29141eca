import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupChecklist, type SetupFacts } from './checklist.ts';

const none: SetupFacts = { hasNumber: false, hasTemplates: false, hasCampaign: false, hasRule: false, hasAgent: false };

describe('getting-started checklist', () => {
  it('a new install has every step open, in order, each linking to where it is done', () => {
    const c = setupChecklist(none);
    assert.equal(c.complete, false);
    assert.deepEqual(c.items.map((i) => [i.key, i.done, i.href]), [
      ['number', false, '/channels'],
      ['templates', false, '/templates'],
      ['campaign', false, '/campaigns/new'],
      ['replies', false, '/agents'],
    ]);
  });

  it('ticks each step from its own fact only, over all 32 combinations; complete only when all four are done', () => {
    const keys = Object.keys(none) as Array<keyof SetupFacts>;
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const f = Object.fromEntries(keys.map((k, i) => [k, Boolean(mask & (1 << i))])) as unknown as SetupFacts;
      const c = setupChecklist(f);
      const done = Object.fromEntries(c.items.map((i) => [i.key, i.done]));
      assert.deepEqual(done, { number: f.hasNumber, templates: f.hasTemplates, campaign: f.hasCampaign, replies: f.hasRule || f.hasAgent }, JSON.stringify(f));
      assert.equal(c.complete, f.hasNumber && f.hasTemplates && f.hasCampaign && (f.hasRule || f.hasAgent));
      assert.equal(c.items.find((i) => i.key === 'replies')!.href, f.hasRule && !f.hasAgent ? '/rules' : '/agents');
    }
  });
});
