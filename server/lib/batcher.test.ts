import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from './batcher.ts';

describe('Batcher', () => {
  it('groups concurrent adds and gives each caller its own result', async () => {
    const flushes: number[][] = [];
    const b = new Batcher<number, number>(async (items) => {
      flushes.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((x) => x * 2);
    }, 100, 1);
    const results = await Promise.all(Array.from({ length: 250 }, (_, i) => b.add(i)));
    assert.deepEqual(results, Array.from({ length: 250 }, (_, i) => i * 2));
    assert.ok(flushes.length <= 4, `expected few flushes, got ${flushes.length}`);
    assert.ok(flushes.every((f) => f.length <= 100));
  });

  it('rejects every caller of a failed flush and keeps working', async () => {
    let fail = true;
    const b = new Batcher<number, number>(async (items) => {
      if (fail) throw new Error('boom');
      return items;
    });
    await Promise.all([assert.rejects(b.add(1), /boom/), assert.rejects(b.add(2), /boom/)]);
    fail = false;
    assert.equal(await b.add(3), 3);
  });
});
