// Reading Meta's webhook JSON defensively, for every channel's parser: any field may be missing,
// of another type, or absurd, and a parser never throws on it.

export type Obj = Record<string, any>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The objects of an array field; anything else is an empty list. */
export const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

// Beyond this JavaScript cannot represent the time, or Postgres cannot store it.
const MAX_MS = Date.UTC(9999, 11, 31);

/** A time from epoch milliseconds, or null when it is not a storable time. */
export function storableDate(ms: unknown): Date | null {
  const n = Number(ms);
  return n > 0 && n < MAX_MS ? new Date(n) : null;
}
