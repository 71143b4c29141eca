import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rateSeries, type RateSample } from './rate-series.ts';

const t0 = Date.UTC(2026, 11, 2, 5, 0, 0);
const sample = (secondsIn: number, sent: number, rate: number, throttled = 0, errors = 0): RateSample => ({ bucket: new Date(t0 + secondsIn * 1000), sent, throttled, errors, rate });

describe('campaign rate series', () => {
  it('is empty before the first batch', () => {
    assert.deepEqual(rateSeries([]), { bucketSeconds: 5, points: [] });
  });

  it('keeps 5-second samples as they are while they fit, as per-second rates; a gap has no point', () => {
    const { bucketSeconds, points } = rateSeries([sample(0, 300, 60), sample(5, 290, 60, 10), sample(20, 330, 66, 0, 5)]);
    assert.equal(bucketSeconds, 5);
    assert.deepEqual(points, [
      { at: '2026-12-02T05:00:00.000Z', sentPerSecond: 60, throttledPerSecond: 0, errorsPerSecond: 0, learnedRate: 60 },
      { at: '2026-12-02T05:00:05.000Z', sentPerSecond: 58, throttledPerSecond: 2, errorsPerSecond: 0, learnedRate: 60 },
      { at: '2026-12-02T05:00:20.000Z', sentPerSecond: 66, throttledPerSecond: 0, errorsPerSecond: 1, learnedRate: 66 },
    ]);
  });

  it('merges a long campaign into at most maxPoints equal buckets, keeping every send and the last learned rate', () => {
    // 3 hours at a steady 50 msg/s, the rate learned stepping up every 10 minutes
    const samples = Array.from({ length: (3 * 3600) / 5 }, (_, i) => sample(i * 5, 250, 50 + Math.floor((i * 5) / 600)));
    const { bucketSeconds, points } = rateSeries(samples, 240);
    assert.equal(bucketSeconds, 45); // 10,800 s / 240 = 45
    assert.equal(points.length, 240);
    assert.ok(points.every((p) => p.sentPerSecond === 50));
    assert.equal(points.reduce((sum, p) => sum + p.sentPerSecond * bucketSeconds, 0), samples.length * 250);
    assert.equal(points.at(-1)!.learnedRate, samples.at(-1)!.rate);
    assert.equal(points[1]!.at, '2026-12-02T05:00:45.000Z');
    for (const maxPoints of [1, 7, 100, 2159, 2160, 5000]) assert.ok(rateSeries(samples, maxPoints).points.length <= maxPoints, `${maxPoints}`);
  });
});
