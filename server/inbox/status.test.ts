import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { finalStatus, shouldApplyStatus, STATUS_RANK } from './status.ts';

const ORDERED = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('status precedence', () => {
  it('ranks sent < delivered < read < failed', () => {
    for (let i = 1; i < ORDERED.length; i++) assert.ok(STATUS_RANK[ORDERED[i]!] > STATUS_RANK[ORDERED[i - 1]!]);
  });

  it('never downgrades, for every pair', () => {
    for (const a of ORDERED) for (const b of ORDERED) assert.equal(shouldApplyStatus(a, b), ORDERED.indexOf(b) > ORDERED.indexOf(a), `${a} -> ${b}`);
  });

  it('ends at the highest status whatever the arrival order, duplicates included', () => {
    for (const order of permutations(['sent', 'delivered', 'read', 'read', 'sent'])) assert.equal(finalStatus('pending', order), 'read');
    for (const order of permutations(['sent', 'delivered', 'failed'])) assert.equal(finalStatus('pending', order), 'failed');
    assert.equal(finalStatus('read', ['delivered']), 'read');
  });

  it('treats unknown statuses as the lowest', () => {
    assert.equal(shouldApplyStatus('sent', 'mystery'), false);
    assert.equal(finalStatus('pending', ['mystery', 'sent']), 'sent');
  });
});
