// Reading Meta's webhook JSON defensively, for every channel's parser: any field may be missing,
// of another type, or absurd, and a parser never throws on it.

import { cleanStrings } from '../http/schemas.ts';

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

// The only way a stored body (valid UTF-8 JSON) yields a NUL or a lone surrogate, which Postgres
// cannot store, is a \u escape; most bodies have none and skip the cleaning walk.
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Parses a stored webhook body, cleaning NUL and lone surrogates from every string it holds. */
export function parseStoredBody(raw: string): unknown {
  const body: unknown = JSON.parse(raw);
  return UNSTORABLE_ESCAPE.test(raw) ? cleanStrings(body) : body;
}
