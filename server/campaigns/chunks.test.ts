import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitIntoChunks } from './chunks.ts';

describe('chunk distribution', () => {
  it('splits sequentially and gives the remainder to the last template', () => {
    assert.deepEqual(splitIntoChunks(10, 3), [
      { template: 0, start: 0, count: 3 },
      { template: 1, start: 3, count: 3 },
      { template: 2, start: 6, count: 4 },
    ]);
  });

  it('covers every contact exactly once for any size', () => {
    for (let total = 0; total <= 60; total++) {
      for (let k = 1; k <= 7; k++) {
        const chunks = splitIntoChunks(total, k);
        assert.equal(chunks.length, k);
        let next = 0;
        for (const c of chunks) {
          assert.equal(c.start, next);
          next += c.count;
        }
        assert.equal(next, total);
        const sizes = chunks.slice(0, -1).map((c) => c.count);
        assert.ok(sizes.every((s) => s === Math.floor(total / k)));
        assert.ok(chunks.at(-1)!.count >= Math.floor(total / k) && chunks.at(-1)!.count < Math.floor(total / k) + k);
      }
    }
  });

  it('refuses nonsense', () => {
    assert.throws(() => splitIntoChunks(5, 0), /at least one template/);
    assert.throws(() => splitIntoChunks(-1, 2), /whole number/);
  });
});
