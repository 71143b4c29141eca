// The app's calendar (daily resets, schedules, display) runs in one configured time zone.
export function formatInZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-IN', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

/** The calendar date (YYYY-MM-DD) of an instant in the given time zone. */
export function dayInZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
