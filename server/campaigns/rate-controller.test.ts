import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyResults, DEFAULT_RATE_CONFIG as CFG, initialRateState, rollDay, type RateState, type SendResult } from './rate-controller.ts';

const MIN = 60_000;
const oks = (n: number): SendResult[] => Array(n).fill('ok');

/** Drives the controller with a fake clock: `perSecond` results every second for `ms`. */
function run(state: RateState, start: number, ms: number, perSecond: (s: RateState) => SendResult[]) {
  let s = state;
  let t = start;
  for (; t < start + ms; t += 1000) s = applyResults(s, perSecond(s), t + 1000).state;
  return { state: s, now: t };
}

describe('adaptive rate controller', () => {
  it('starts at 60 msg/s', () => {
    assert.equal(initialRateState('2026-11-22', 0).rate, 60);
  });

  it('grows 10% after 5 minutes under 1% errors, not before', () => {
    let s = initialRateState('d', 0);
    s = run(s, 0, 4 * MIN + 58_000, () => oks(60)).state;
    assert.equal(s.rate, 60);
    s = applyResults(s, oks(60), 5 * MIN).state;
    assert.equal(s.rate, 66);
    s = run(s, 5 * MIN, 5 * MIN, () => oks(66)).state;
    assert.equal(s.rate, 72.6);
  });

  it('does not grow with 1% errors or more, nor when idle', () => {
    let s = initialRateState('d', 0);
    s = run(s, 0, 5 * MIN, () => [...oks(98), 'error', 'error']).state;
    assert.equal(s.rate, 60);
    s = applyResults(initialRateState('d', 0), [], 5 * MIN).state;
    assert.equal(s.rate, 60);
  });

  it('cuts 20% after 3 consecutive 130429, and a success breaks the streak', () => {
    let s = initialRateState('d', 0);
    s = applyResults(s, ['throttled', 'throttled', 'ok', 'throttled', 'throttled'], 1000).state;
    assert.equal(s.rate, 60);
    const r = applyResults(s, ['throttled'], 1000);
    assert.equal(r.state.rate, 48);
    assert.deepEqual(r.changes, [{ from: 60, to: 48, reason: 'throttled' }]);
  });

  it('counts a burst of in-flight 130429s once (cooldown), then cuts again if they persist', () => {
    let s = initialRateState('d', 0);
    s = applyResults(s, Array(30).fill('throttled'), 1000).state;
    assert.equal(s.rate, 48);
    s = applyResults(s, Array(30).fill('throttled'), 1000 + CFG.decreaseCooldownMs - 1).state;
    assert.equal(s.rate, 48);
    s = applyResults(s, Array(3).fill('throttled'), 1000 + CFG.decreaseCooldownMs).state;
    assert.equal(s.rate, 38.4);
  });

  it('never goes below 10 or above 1,000', () => {
    let s = initialRateState('d', 0);
    for (let i = 0; i < 40; i++) s = applyResults(s, Array(3).fill('throttled'), 1000 + i * CFG.decreaseCooldownMs).state;
    assert.equal(s.rate, CFG.floor);
    s = { ...initialRateState('d', 0), rate: 990 };
    s = applyResults(s, oks(1000), 5 * MIN).state;
    assert.equal(s.rate, CFG.ceiling);
    s = applyResults(s, oks(1000), 10 * MIN).state;
    assert.equal(s.rate, CFG.ceiling);
  });

  it('carries the rate through the day and starts a new day at 90% of the last rate', () => {
    const s = { ...initialRateState('2026-11-21', 0), rate: 200 };
    assert.equal(rollDay(s, '2026-11-21', 10).state.rate, 200);
    const next = rollDay(s, '2026-11-22', 10);
    assert.equal(next.state.rate, 180);
    assert.equal(next.state.lastStableRate, 200);
    assert.equal(next.state.day, '2026-11-22');
    assert.deepEqual(next.change, { from: 200, to: 180, reason: 'new_day' });
    assert.equal(rollDay({ ...s, rate: 10 }, '2026-11-22', 10).state.rate, 10, 'floor holds on a new day');
  });

  it('settles near an unknown limit: steady state >= 90% of it with <= 1% throttled', () => {
    // A number that rejects what exceeds `limit` msg/s, interleaved with successes as a
    // sliding-window limiter does under even pacing; short windows as in the bench.
    const cfg = { ...CFG, increaseWindowMs: 10_000 };
    for (const limit of [80, 250, 700, 1000]) {
      let s = initialRateState('d', 0, cfg);
      let sent = 0;
      let throttled = 0;
      let delivered = 0;
      let seconds = 0;
      for (let t = 0; t < 3600_000; t += 1000) {
        const n = Math.floor(s.rate);
        const ok = Math.min(n, limit);
        const results = Array.from({ length: n }, (_, i): SendResult => (Math.floor(((i + 1) * ok) / n) > Math.floor((i * ok) / n) ? 'ok' : 'throttled'));
        s = applyResults(s, results, t + 1000, cfg).state;
        if (t >= 1800_000) {
          sent += n;
          throttled += n - ok;
          delivered += ok;
          seconds++;
        }
      }
      assert.ok(delivered / seconds >= 0.9 * limit, `limit ${limit}: ${delivered / seconds} msg/s accepted`);
      assert.ok(throttled / sent <= 0.01, `limit ${limit}: ${((throttled / sent) * 100).toFixed(2)}% throttled`);
    }
  });

  it('a failed probe keeps the cap learned before it', () => {
    const cfg = { ...CFG, increaseWindowMs: 1000 };
    let s: RateState = { ...initialRateState('d', 0, cfg), rate: 100, throttledAtRate: 100, cleanWindowsAtCap: cfg.probeAfterWindows - 1 };
    s = { ...s, rate: 95 };
    s = applyResults(s, oks(95), 1000, cfg).state; // the 6th clean window at the cap: probe
    assert.equal(s.probing, true);
    assert.equal(s.rate, 104.5);
    s = applyResults(s, Array(3).fill('throttled'), 1500, cfg).state; // the limit is still there
    assert.equal(s.throttledAtRate, 100);
    assert.equal(s.rate, 83.6);
  });

  it('probes above a learned cap after clean windows, so a raised limit is found', () => {
    const cfg = { ...CFG, increaseWindowMs: 10_000 };
    let s = initialRateState('d', 0, cfg);
    let limit = 80;
    for (let t = 0; t < 7200_000; t += 1000) {
      if (t === 1800_000) limit = 1000; // Meta upgraded the number
      const n = Math.floor(s.rate);
      const ok = Math.min(n, limit);
      s = applyResults(s, [...oks(ok), ...Array(n - ok).fill('throttled')], t + 1000, cfg).state;
    }
    assert.ok(s.rate > 500, `rate ${s.rate} after the upgrade`);
  });
});
