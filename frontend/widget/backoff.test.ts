import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RECONNECT_BASE_MS, RECONNECT_MAX_MS, reconnectDelay } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from 1 s up to the 30 s cap, with half of each step random', () => {
    const low = (n: number) => reconnectDelay(n, () => 0);
    const high = (n: number) => reconnectDelay(n, () => 1);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(high), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.deepEqual([0, 1, 2].map(low), [500, 1000, 2000]);
    assert.equal(high(1000), RECONNECT_MAX_MS);
    assert.equal(low(-3), RECONNECT_BASE_MS / 2);
  });

  it('spreads visitors who dropped together', () => {
    const delays = new Set(Array.from({ length: 50 }, (_, i) => reconnectDelay(3, () => i / 50)));
    assert.equal(delays.size, 50);
    for (const d of delays) assert.ok(d >= 4000 && d <= 8000, String(d));
  });

  it("waits at least the server's Retry-After, and clamps a broken random source", () => {
    assert.equal(reconnectDelay(0, () => 0.5, 20_000), 20_000);
    assert.equal(reconnectDelay(0, () => 7), 1000);
    assert.equal(reconnectDelay(0, () => -1), 500);
  });
});
