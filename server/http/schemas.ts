import { z } from 'zod';
import { HttpError } from './errors.ts';

/** Route parameter `:id` of any uuid-keyed resource. */
export const idParam = z.object({ id: z.uuid({ error: 'id must be a UUID' }) });

/**
 * Postgres cannot store U+0000 in text or jsonb, and a lone UTF-16 surrogate has no UTF-8 form:
 * either one turns an insert into an error. Such text is cleaned where it enters (NUL removed,
 * lone surrogates replaced by U+FFFD) rather than refused, as a message or a name with one
 * stray character is still worth keeping.
 */
export function cleanText(s: string): string {
  if (s.isWellFormed() && !s.includes('\0')) return s;
  return s.toWellFormed().replaceAll('\0', '');
}

// No request or webhook Parley takes nests this deep; deeper would only exhaust the stack.
const MAX_DEPTH = 100;

/** cleanText over every string (values and keys) of parsed JSON; other values are kept as they are. */
export function cleanStrings<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) throw new HttpError(400, 'too_deep', `Request data nests more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((v, i) => {
      const c = cleanStrings(v, depth + 1);
      if (c !== v) (copy ??= [...value])[i] = c;
    });
    return (copy ?? value) as T;
  }
  if (isPlainObject(value)) {
    let copy: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const ck = cleanText(k);
      const cv = cleanStrings(v, depth + 1);
      if (ck !== k || cv !== v) {
        copy ??= { ...(value as Record<string, unknown>) };
        if (ck !== k) delete copy[k];
        // defineProperty: a JSON key "__proto__" stays a plain key, never the copy's prototype.
        Object.defineProperty(copy, ck, { value: cv, enumerable: true, writable: true, configurable: true });
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

// Years 1-9999: JavaScript and Postgres both represent them, and a 4-digit year is what ISO 8601
// without extension means. Year 0000 parses in JavaScript but is not a year Postgres accepts.
const inRange = (s: string) => {
  const t = Date.parse(s);
  return !Number.isNaN(t) && new Date(t).getUTCFullYear() >= 1 && new Date(t).getUTCFullYear() <= 9999;
};

/** An ISO 8601 date-time with an offset (2026-03-01T10:00:00Z), in years 1-9999. */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T10:00:00Z' })
  .refine(inRange, 'must be a date between years 0001 and 9999');

/** An ISO 8601 date-time (as above) or a calendar date (2026-03-01), in years 1-9999. */
export const isoDateOrDateTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date (2026-03-01) or date-time (2026-03-01T10:00:00Z)' })
  .refine(inRange, 'must be a date between years 0001 and 9999');

const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The "load more" cursor of a list ordered by (time desc, id desc): `<epoch ms>_<uuid>`, as
 * written by the previous page's nextCursor. Parsed into its parts, so the query gets a real
 * date and a real UUID.
 */
export const pageCursor = z
  .string()
  .max(100)
  .transform((s, ctx) => {
    const sep = s.indexOf('_');
    const ms = sep > 0 && /^\d{1,16}$/.test(s.slice(0, sep)) ? Number(s.slice(0, sep)) : NaN;
    const id = s.slice(sep + 1);
    if (!(ms <= MAX_TIME_MS) || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: 'custom', message: 'cursor must come from a previous page' });
      return z.NEVER;
    }
    return { at: new Date(ms), id };
  });

// Parsed JSON and parsed query strings (which have a null prototype); never class instances.
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
