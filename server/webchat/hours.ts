import type { z } from 'zod';
import type { businessHours } from './schema.ts';

// Whether a widget is within its business hours at an instant. Pure: the clock is passed in.
// Spans are in the widget's time zone (the app's when it names none, or an unknown one); day 0 is
// Sunday. A span whose close is not after its open runs past midnight into the next day, so
// 22:00-02:00 is a night shift and 09:00-00:00 ends at midnight; 00:00-00:00 is the whole day.

export type BusinessHours = z.infer<typeof businessHours>;

const DAY_MINUTES = 24 * 60;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(timeZone)) {
    if (formatters.size > 500) formatters.clear(); // zones come from settings: keep the cache bounded
    try {
      formatters.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
    } catch {
      formatters.set(timeZone, null);
    }
  }
  return formatters.get(timeZone)!;
}

export const isTimeZone = (tz: string): boolean => formatter(tz) !== null;

/** The weekday (0 = Sunday) and minute of the day at `now` in `timeZone`. */
export function localTime(now: Date, timeZone: string): { day: number; minute: number } {
  const parts = Object.fromEntries((formatter(timeZone) ?? formatter('UTC')!).formatToParts(now).map((p) => [p.type, p.value]));
  return { day: WEEKDAYS[parts.weekday!]!, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when hours are off, or `now` falls in one of the spans. */
export function isOpenAt(hours: BusinessHours, now: Date, defaultTimeZone: string): boolean {
  if (!hours.enabled) return true;
  const zone = hours.timeZone && isTimeZone(hours.timeZone) ? hours.timeZone : defaultTimeZone;
  const { day, minute } = localTime(now, zone);
  return hours.days.some((span) => {
    const open = minutes(span.open);
    let close = minutes(span.close);
    if (close <= open) close += DAY_MINUTES;
    if (span.day === day && minute >= open && minute < close) return true;
    // The part of yesterday's span that runs past midnight.
    return (span.day + 1) % 7 === day && minute + DAY_MINUTES < close;
  });
}
