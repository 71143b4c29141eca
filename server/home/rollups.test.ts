import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dailySeries, lastDays, periodTotals, type RollupRow } from './rollups.ts';

describe('daily rollups', () => {
  it('counts the last days by the app-zone calendar, today last', () => {
    // 20:00 UTC on 1 December is 01:30 on 2 December in India
    assert.deepEqual(lastDays(new Date('2026-12-01T20:00:00Z'), 'Asia/Kolkata', 3), ['2026-11-30', '2026-12-01', '2026-12-02']);
    assert.deepEqual(lastDays(new Date('2026-12-01T20:00:00Z'), 'UTC', 3), ['2026-11-29', '2026-11-30', '2026-12-01']);
    assert.deepEqual(lastDays(new Date('2026-03-01T12:00:00Z'), 'America/New_York', 2), ['2026-02-28', '2026-03-01']);
    assert.deepEqual(lastDays(new Date('2026-12-01T20:00:00Z'), 'Asia/Kolkata', 1), ['2026-12-02']);
  });

  it('gives every number every day (zeros where nothing was sent), ignores rows outside the days, keeps the number order', () => {
    const days = ['2026-12-01', '2026-12-02'];
    const rows: RollupRow[] = [
      { number_id: 'b', day: '2026-12-02', sent: 5, delivered: 4, read: 2, failed: 1 },
      { number_id: 'a', day: '2026-12-01', sent: 3, delivered: 3, read: 3, failed: 0 },
      { number_id: 'a', day: '2026-11-30', sent: 99, delivered: 0, read: 0, failed: 0 },
      { number_id: 'gone', day: '2026-12-01', sent: 7, delivered: 0, read: 0, failed: 0 },
    ];
    const series = dailySeries(days, [{ id: 'a', name: 'Sales', phone: '+91 1' }, { id: 'b', name: 'Support', phone: null }], rows);
    assert.deepEqual(series, [
      { id: 'a', name: 'Sales', phone: '+91 1', daily: [{ day: '2026-12-01', sent: 3, delivered: 3, read: 3, failed: 0 }, { day: '2026-12-02', sent: 0, delivered: 0, read: 0, failed: 0 }] },
      { id: 'b', name: 'Support', phone: null, daily: [{ day: '2026-12-01', sent: 0, delivered: 0, read: 0, failed: 0 }, { day: '2026-12-02', sent: 5, delivered: 4, read: 2, failed: 1 }] },
    ]);
    assert.deepEqual(periodTotals(series), { sent: 8, delivered: 7, read: 5, failed: 1, deliveryRate: 7 / 8, readRate: 5 / 8, failureRate: 1 / 9 });
  });

  it('has no rates before the first send', () => {
    assert.deepEqual(periodTotals([]), { sent: 0, delivered: 0, read: 0, failed: 0, deliveryRate: null, readRate: null, failureRate: null });
    const onlyFailed = dailySeries(['2026-12-01'], [{ id: 'a', name: 'A', phone: null }], [{ number_id: 'a', day: '2026-12-01', sent: 0, delivered: 0, read: 0, failed: 2 }]);
    assert.deepEqual(periodTotals(onlyFailed), { sent: 0, delivered: 0, read: 0, failed: 2, deliveryRate: null, readRate: null, failureRate: 1 });
  });
});
