import { addDays, dayInZone } from '../lib/time.ts';
import type { DayCounts, NumberRollup, PeriodTotals } from './present.ts';

// Per-number daily rollups (sent, delivered, read, failed) by calendar day of the app time zone,
// and the period totals the summary cards show, which are their sum: one definition for both.

export interface RollupRow extends DayCounts {
  number_id: string;
  day: string;
}

/** The `count` calendar days (YYYY-MM-DD, app zone) ending with today, oldest first. */
export function lastDays(now: Date, timeZone: string, count: number): string[] {
  const today = dayInZone(now, timeZone);
  return Array.from({ length: count }, (_, i) => addDays(today, i - count + 1));
}

const zero = (): DayCounts => ({ sent: 0, delivered: 0, read: 0, failed: 0 });

/**
 * One series per number with every day present (0 where nothing happened), so a chart's bars
 * line up; rows outside `days` are ignored. Numbers keep the given order.
 */
export function dailySeries(days: string[], numbers: Array<Omit<NumberRollup, 'daily'>>, rows: RollupRow[]): NumberRollup[] {
  const byKey = new Map(rows.map((r) => [`${r.number_id}|${r.day}`, r]));
  return numbers.map((n) => ({
    ...n,
    daily: days.map((day) => {
      const r = byKey.get(`${n.id}|${day}`);
      return { day, ...(r ? { sent: r.sent, delivered: r.delivered, read: r.read, failed: r.failed } : zero()) };
    }),
  }));
}

export function periodTotals(series: NumberRollup[]): PeriodTotals {
  const t = zero();
  for (const n of series) {
    for (const d of n.daily) {
      t.sent += d.sent;
      t.delivered += d.delivered;
      t.read += d.read;
      t.failed += d.failed;
    }
  }
  return {
    ...t,
    deliveryRate: t.sent ? t.delivered / t.sent : null,
    readRate: t.sent ? t.read / t.sent : null,
    failureRate: t.sent + t.failed ? t.failed / (t.sent + t.failed) : null,
  };
}
