import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher, BatcherFullError, BatcherTimeoutError } from './batcher.ts';

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

  it('refuses at once past its bounds while the writer is stuck, then works again', async () => {
    let release: () => void = () => {};
    const stuck = new Promise<void>((r) => (release = r));
    const written: string[] = [];
    const b = new Batcher<string, number>(
      async (items) => {
        await stuck;
        written.push(...items);
        return items.map((x) => x.length);
      },
      2,
      1,
      { maxQueued: 3, maxQueuedBytes: 10, sizeOf: (s) => s.length },
    );
    const first = b.add('aa'); // taken by the stuck flush
    await new Promise((r) => setImmediate(r));
    const queued = [b.add('bbb'), b.add('cc'), b.add('d')];
    await assert.rejects(b.add('e'), BatcherFullError); // 3 items waiting
    assert.deepEqual(b.waiting, { items: 3, bytes: 6 });
    release();
    assert.deepEqual(await Promise.all([first, ...queued]), [2, 3, 2, 1]);
    assert.deepEqual(b.waiting, { items: 0, bytes: 0 });
    await assert.rejects(b.add('x'.repeat(11)), BatcherFullError); // over the byte bound alone
    assert.equal(await b.add('ok'), 2);
    assert.deepEqual(written, ['aa', 'bbb', 'cc', 'd', 'ok']);
  });

  it('drops an item whose caller gave up before its flush started; one already written completes and is reported', async () => {
    let release: () => void = () => {};
    const stuck = new Promise<void>((r) => (release = r));
    const written: number[] = [];
    const abandoned: number[][] = [];
    const b = new Batcher<number, number>(
      async (items) => {
        await stuck;
        written.push(...items);
        return items.map((i) => i * 10);
      },
      1,
      1,
      undefined,
      (results) => abandoned.push(results),
    );
    const inFlight = b.add(1, 50);
    await new Promise((r) => setImmediate(r));
    const waiting = b.add(2, 50);
    const [a, w] = await Promise.allSettled([inFlight, waiting]);
    assert.ok(a.status === 'rejected' && a.reason instanceof BatcherTimeoutError && a.reason.started);
    assert.ok(w.status === 'rejected' && w.reason instanceof BatcherTimeoutError && !w.reason.started);
    assert.deepEqual(b.waiting, { items: 0, bytes: 0 });
    release();
    assert.equal(await b.add(3), 30);
    assert.deepEqual(written, [1, 3]);
    assert.deepEqual(abandoned, [[10]], 'the write that completed after its caller gave up is reported');
  });
});
