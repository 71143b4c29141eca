import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countInWindow, createWindow, msUntilAllowed, tryAcquire, WindowMap, record, wouldAllow } from './rate-window.ts';

test('allows `limit` events in any sliding second, not per calendar second', () => {
  const w = createWindow(3, 1000);
  assert.equal(tryAcquire(w, 900), true);
  assert.equal(tryAcquire(w, 950), true);
  assert.equal(tryAcquire(w, 1000), true);
  // 1050 is a new calendar second but only 150 ms after the first event: still full.
  assert.equal(tryAcquire(w, 1050), false);
  assert.equal(msUntilAllowed(w, 1050), 850);
  assert.equal(tryAcquire(w, 1899), false);
  // Exactly one window after the oldest: it left the window.
  assert.equal(tryAcquire(w, 1900), true);
  assert.equal(tryAcquire(w, 1901), false);
  assert.equal(countInWindow(w, 1901), 3);
});

test('rejected events use no quota; record() counts unconditionally (inbound traffic)', () => {
  const w = createWindow(2, 1000);
  assert.ok(tryAcquire(w, 0));
  assert.ok(tryAcquire(w, 10));
  for (let t = 20; t < 1000; t += 10) assert.equal(tryAcquire(w, t), false);
  assert.equal(tryAcquire(w, 1000), true);
  record(w, 1001);
  assert.equal(wouldAllow(w, 1005), false);
  assert.equal(wouldAllow(w, 2001), true);
});

test('WindowMap rebuilds a window when its limit changes', () => {
  const m = new WindowMap();
  const a = m.get('n', 1, 1000, 0);
  assert.ok(tryAcquire(a, 0));
  assert.equal(m.get('n', 1, 1000, 1), a);
  const b = m.get('n', 5, 1000, 2);
  assert.notEqual(b, a);
  assert.ok(tryAcquire(b, 2));
});

test('createWindow rejects a limit below 1', () => {
  assert.throws(() => createWindow(0, 1000));
});
