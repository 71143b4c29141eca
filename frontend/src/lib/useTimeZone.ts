import { useConfig } from '../api/queries.ts';

/** The workspace time zone from /api/config (Asia/Kolkata unless configured otherwise). */
export function useTimeZone(): string {
  return useConfig().data?.timezone ?? 'Asia/Kolkata';
}
