import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { autopauseDecision, failureTitle, observe, type Attempt, type FailureWindow } from './autopause.ts';

const cfg = { ratio: 0.2, window: 100 };
const ok = (n: number): Attempt[] => Array.from({ length: n }, () => null);
const fail = (n: number, code: number | null = 132001, title = 'template name does not exist'): Attempt[] => Array.from({ length: n }, () => ({ code, title }));
const feed = (...batches: Attempt[][]) => batches.reduce<FailureWindow>((w, b) => observe(w, b, cfg), []);

describe('the failure window', () => {
  it('keeps the last `window` attempts, oldest dropped first', () => {
    const w = feed(fail(30), ok(90));
    assert.equal(w.length, 100);
    assert.equal(w.filter(Boolean).length, 10, 'the 20 oldest failures left the window');
  });

  it('a batch larger than the window replaces it', () => {
    const w = feed(fail(50), [...fail(10), ...ok(200)]);
    assert.deepEqual(w, ok(100));
  });

  it('does not mutate the window it was given', () => {
    const w = feed(ok(5));
    observe(w, fail(3), cfg);
    assert.equal(w.length, 5);
  });
});

describe('the autopause decision', () => {
  it('20 failures of the last 100 is the threshold, not past it', () => {
    assert.equal(autopauseDecision(feed(ok(80), fail(20)), cfg), null);
    assert.ok(autopauseDecision(feed(ok(79), fail(21)), cfg));
  });

  it('counts against the full window: a fresh window does not trip on its first failures', () => {
    assert.equal(autopauseDecision(feed(fail(20)), cfg), null, '20 of 20 failed is still not more than 20% of 100');
    const d = autopauseDecision(feed(fail(21)), cfg)!;
    assert.equal(d.reason, '21 of the last 21 sends failed — 132001 Template does not exist');
  });

  it('retried and accepted attempts are not failures', () => {
    assert.equal(autopauseDecision(feed(ok(100)), cfg), null);
  });

  it('names the most frequent cause, with Meta\'s title for the code (never its free text)', () => {
    const d = autopauseDecision(feed(ok(66), fail(10, 131026, 'free text from meta'), fail(24, 132001)), cfg)!;
    assert.deepEqual([d.failed, d.of, d.code, d.title], [34, 100, 132001, 'Template does not exist']);
    assert.equal(d.reason, '34 of the last 100 sends failed — 132001 Template does not exist');
  });

  it('a failure without a code is named by our own reason', () => {
    const d = autopauseDecision(feed(fail(25, null, 'variable {{2}} is missing')), cfg)!;
    assert.equal(d.reason, '25 of the last 25 sends failed — variable {{2}} is missing');
  });

  it('other ratios and windows', () => {
    const small = { ratio: 0.5, window: 10 };
    assert.equal(autopauseDecision(observe([], [...ok(5), ...fail(5)], small), small), null);
    assert.ok(autopauseDecision(observe([], [...ok(4), ...fail(6)], small), small));
    const off = { ratio: 1, window: 10 };
    assert.equal(autopauseDecision(observe([], fail(10), off), off), null, 'a ratio of 1 never pauses');
  });
});

describe('failure titles', () => {
  it("Meta's listed title, a plain label for an unlisted code, our reason without a code", () => {
    assert.equal(failureTitle(132001, 'x'), 'Template does not exist');
    assert.equal(failureTitle(999999, 'Bearer secret echoed'), 'error from Meta');
    assert.equal(failureTitle(null, 'Meta could not be reached'), 'Meta could not be reached');
    assert.equal(failureTitle(null, null), 'unknown error');
  });
});
