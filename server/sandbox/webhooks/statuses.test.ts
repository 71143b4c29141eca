import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRng } from '../rng.ts';
import { planStatuses, type PlanInput } from './statuses.ts';

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  acceptedAt: 1_000_000, delays: { sent: 10, delivered: 20, read: 30 }, readRate: 1, skipDeliveredRate: 0, outOfOrder: 0, duplicateRate: 0, failed: false, ...over,
});
const byDue = (p: ReturnType<typeof planStatuses>) => [...p].sort((a, b) => a.dueAt - b.dueAt).map((s) => s.status);

test('sent, delivered, read in order with billing on sent and delivered', () => {
  const p = planStatuses(input(), seededRng(1));
  assert.deepEqual(byDue(p), ['sent', 'delivered', 'read']);
  assert.deepEqual(p.map((s) => s.billing), [true, true, false]);
  assert.deepEqual(p.map((s) => s.eventAt - 1_000_000), [10, 20, 30]);
});

test('readRate 0: no read; skipDeliveredRate 1: read without delivered, and read carries billing', () => {
  assert.deepEqual(byDue(planStatuses(input({ readRate: 0 }), seededRng(1))), ['sent', 'delivered']);
  const p = planStatuses(input({ skipDeliveredRate: 1 }), seededRng(1));
  assert.deepEqual(byDue(p), ['sent', 'read']);
  assert.equal(p.find((s) => s.status === 'read')?.billing, true);
});

test('out of order: emitted in reverse, event times unchanged', () => {
  const p = planStatuses(input({ outOfOrder: 1 }), seededRng(1));
  assert.deepEqual(byDue(p), ['read', 'delivered', 'sent']);
  assert.deepEqual(p.map((s) => s.eventAt - 1_000_000), [10, 20, 30]);
});

test('duplicates and failures', () => {
  const d = planStatuses(input({ duplicateRate: 1 }), seededRng(1));
  assert.equal(d.length, 6);
  assert.equal(d.filter((s) => s.duplicate).length, 3);
  assert.deepEqual(byDue(planStatuses(input({ failed: true }), seededRng(1))), ['failed']);
});
