import { cleanText } from '../http/schemas.ts';
import { normalizePhone, type CountryRule } from './phone.ts';

// One CSV row of a campaign upload: Phone,{{Media}},{{1}},{{2}},... Pure, so every rule is
// unit-tested; the ingest streams rows through it and keeps every row with its verdict.

export interface ValidRow {
  ok: true;
  phone: string;
  mediaUrl: string | null;
  variables: string[];
}

export interface InvalidRow {
  ok: false;
  reason: string;
}

export type RowVerdict = ValidRow | InvalidRow;

const MAX_VARIABLE_LENGTH = 1024; // Meta's body parameter limit is of this order; longer is a mistake

/** A first row whose phone cell is a label ("Phone", "mobile", "{{Phone}}") is a header. */
/**
 * The cells as Postgres can store them (no NUL; a CSV is decoded as UTF-8, so it has no lone
 * surrogates, but cleanText covers both). The ingest applies it to every row before anything
 * else, so invalid rows, which are stored as they came, are storable too.
 */
export const cleanCells = (cells: readonly string[]): string[] => cells.map(cleanText);

export function isHeaderRow(cells: readonly string[]): boolean {
  const first = (cells[0] ?? '').replace(/^\uFEFF/, '').trim();
  return first !== '' && !/\d/.test(first);
}

export function validateRow(cells: readonly string[], countries?: readonly CountryRule[]): RowVerdict {
  if (cells.every((c) => c.trim() === '')) return { ok: false, reason: 'empty row' };
  const phone = normalizePhone(cells[0] ?? '', countries);
  if (!phone.ok) return phone;
  const media = cleanText(cells[1] ?? '').trim();
  if (media && !isPublicUrl(media)) return { ok: false, reason: `media "${truncate(media)}" must be a public http(s) URL` };
  const variables = cells.slice(2).map((v) => cleanText(v).trim());
  while (variables.length && variables.at(-1) === '') variables.pop();
  const empty = variables.findIndex((v) => v === '');
  if (empty >= 0) return { ok: false, reason: `{{${empty + 1}}} is empty` };
  const long = variables.findIndex((v) => v.length > MAX_VARIABLE_LENGTH);
  if (long >= 0) return { ok: false, reason: `{{${long + 1}}} is longer than ${MAX_VARIABLE_LENGTH} characters` };
  return { ok: true, phone: phone.phone, mediaUrl: media || null, variables };
}

// scheme://host[:port][/path]; a regular expression instead of new URL() per row keeps 100,000
// rows cheap. Hosts that can only be private (localhost, 10.x, 127.x, 192.168.x) are refused.
const PUBLIC_URL = /^https?:\/\/(?!localhost(?::|\/|$)|127\.|10\.|192\.168\.)(?:(?:[a-z0-9-]+\.)+[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?(?:[/?#][^\s]*)?$/i;

function isPublicUrl(value: string): boolean {
  return PUBLIC_URL.test(value);
}

const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
