/** e.g. "5 Jan 2026, 2:30 pm IST" in the workspace time zone (Asia/Kolkata by default). */
export function formatDateTime(iso: string, timeZone = 'Asia/Kolkata'): string {
  return new Intl.DateTimeFormat('en-IN', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** e.g. "5 Jan, 2:30 pm" (no year, no zone) for lists and chat bubbles. */
export function formatShort(iso: string, timeZone = 'Asia/Kolkata'): string {
  return new Intl.DateTimeFormat('en-IN', { timeZone, day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** The current wall-clock time in a zone as a datetime-local value, e.g. "2026-11-23T09:30". */
export function nowForDateTimeInput(timeZone = 'Asia/Kolkata', now = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** A count with Indian digit grouping, e.g. 1,00,000. */
export const formatCount = (n: number) => n.toLocaleString('en-IN');

/** A 0..1 share as a percentage with one decimal, or a dash when there is none yet. */
export const formatPercent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);
