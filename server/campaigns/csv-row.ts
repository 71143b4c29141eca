import { cleanText } from '../http/schemas.ts';
import { columnName, parameterName, POSITIONAL_MAP, type ColumnMap } from './csv-header.ts';
import { cleanPhoneCell, cleanStructural, cleanVariableCell } from './csv-text.ts';
import { missingForTemplate, placeholderRange, type TemplateNeeds } from './payload.ts';
import { normalizePhone, type CountryRule } from './phone.ts';

// One CSV row of a campaign upload, read through the column map (csv-header.ts) and checked
// against every template the campaign may send it (any row can land in any template's chunk).
// Pure, so every rule is unit-tested; the ingest streams rows through it and keeps every row
// with its verdict, the reason naming the column and what is wrong.

export interface ValidRow {
  ok: true;
  phone: string;
  mediaUrl: string | null;
  variables: string[];
  /** Values of the NAMED templates' parameters, by name; null when no template is NAMED. */
  named: Record<string, string> | null;
}

export interface InvalidRow {
  ok: false;
  reason: string;
}

export type RowVerdict = ValidRow | InvalidRow;

export interface RowRules {
  map?: ColumnMap;
  needs?: readonly TemplateNeeds[];
  countries?: readonly CountryRule[];
}

const MAX_VARIABLE_LENGTH = 1024; // Meta's body parameter limit is of this order; longer is a mistake

/**
 * The cells as Postgres can store them (no NUL; a CSV is decoded as UTF-8, so it has no lone
 * surrogates, but cleanText covers both). The ingest applies it to every row before anything
 * else, so invalid rows, which are stored as they came, are storable too.
 */
export const cleanCells = (cells: readonly string[]): string[] => cells.map(cleanText);

export function validateRow(cells: readonly string[], rules: RowRules = {}): RowVerdict {
  const map = rules.map ?? POSITIONAL_MAP;
  const at = (column: number | null) => (column === null || column < 0 ? '' : (cells[column] ?? ''));
  if (cells.every((c) => cleanStructural(c) === '')) return { ok: false, reason: 'empty row' };
  const where = (column: number) => columnName(map, column);
  /** The column, and the placeholder it fills unless its label already is that placeholder. */
  const whereVar = (column: number, placeholder: string) =>
    parameterName(map.labels[column] ?? '') === placeholder ? where(column) : `${where(column)} ({{${placeholder}}})`;

  const phone = phoneOf(at(map.phone), rules.countries);
  if (!phone.ok) return { ok: false, reason: `${where(map.phone)}: ${phone.reason}` };

  const media = map.media === null ? '' : cleanPhoneLike(at(map.media));
  if (media && !isPublicUrl(media)) return { ok: false, reason: `${where(map.media!)}: media "${truncate(media)}" must be a public http(s) URL` };

  const columns = map.ordered ? cells.slice(2).map((_, i) => i + 2) : map.positional;
  const variables = columns.map((c) => cleanVariableCell(at(c)));
  while (variables.length && variables.at(-1) === '') variables.pop();
  for (let i = 0; i < variables.length; i++) {
    if (columns[i]! < 0) return { ok: false, reason: `{{${i + 1}}} has no column: the header names {{${i + 2}}} but no {{${i + 1}}}` };
    const problem = variableProblem(variables[i]!);
    if (problem) return { ok: false, reason: `${whereVar(columns[i]!, String(i + 1))} ${problem}` };
  }

  let named: Record<string, string> | null = null;
  for (const name of new Set((rules.needs ?? []).flatMap((n) => n.named))) {
    const column = map.named.get(name);
    if (column === undefined) continue;
    const value = cleanVariableCell(at(column));
    const problem = value && variableProblem(value);
    if (problem) return { ok: false, reason: `${whereVar(column, name)} ${problem}` };
    if (value) (named ??= {})[name] = value;
  }

  const values = { mediaUrl: media || null, variables, named };
  for (const needs of rules.needs ?? []) {
    const missing = missingForTemplate(needs, values);
    // A header that names no {{n}} column: the likely fix is naming them, not adding cells.
    const hint = !map.ordered && !map.positional.length && variables.length < needs.positional ? `; name its column${needs.positional === 1 ? '' : 's'} ${placeholderRange(needs.positional)} in the header row` : '';
    if (missing) return { ok: false, reason: missing + hint };
  }
  return { ok: true, phone: phone.phone, mediaUrl: values.mediaUrl, variables, named };
}

/** Google Contacts joins several numbers as "a ::: b": the first valid one is the contact's. */
function phoneOf(cell: string, countries?: readonly CountryRule[]) {
  const candidates = cell.includes(':::') ? cell.split(':::') : [cell];
  const results = candidates.map((c) => normalizePhone(cleanPhoneCell(c), countries));
  return results.find((r) => r.ok) ?? results[0]!;
}

const cleanPhoneLike = (cell: string) => cleanStructural(cell).replace(/^'/, '');

/** The Cloud API refuses a text parameter with a new line, a tab or more than 4 spaces in a row. */
function variableProblem(value: string): string | null {
  if (value === '') return 'is empty';
  if (value.length > MAX_VARIABLE_LENGTH) return `is longer than ${MAX_VARIABLE_LENGTH} characters`;
  if (/[\n\r\t]/.test(value)) return 'has a line break or tab, which WhatsApp refuses in a template variable';
  if (/ {5}/.test(value)) return 'has more than 4 spaces in a row, which WhatsApp refuses in a template variable';
  return null;
}

// scheme://host[:port][/path]; a regular expression instead of new URL() per row keeps 100,000
// rows cheap. Hosts that can only be private (localhost, 10.x, 127.x, 192.168.x) are refused.
const PUBLIC_URL = /^https?:\/\/(?!localhost(?::|\/|$)|127\.|10\.|192\.168\.)(?:(?:[a-z0-9-]+\.)+[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?(?:[/?#][^\s]*)?$/i;

function isPublicUrl(value: string): boolean {
  return PUBLIC_URL.test(value);
}

const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
