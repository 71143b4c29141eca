import { cleanText } from '../http/schemas.ts';
import { columnName, parameterName, POSITIONAL_MAP, type ColumnMap } from './csv-header.ts';
import { cleanPhoneCell, cleanStructural, cleanVariableCell } from './csv-text.ts';
import { missingForTemplate, placeholderRange, type TemplateNeeds } from '../channels/whatsapp/template-payload.ts';
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

const REFUSED_BY_META = /[\n\r\t]| {5}/;
const MAX_VARIABLE_LENGTH = 1024; // Meta's body parameter limit is of this order; longer is a mistake

/**
 * The cells as Postgres can store them (no NUL; a CSV is decoded as UTF-8, so it has no lone
 * surrogates, but cleanText covers both). The ingest applies it to every row before anything
 * else, so invalid rows, which are stored as they came, are storable too.
 */
export const cleanCells = (cells: readonly string[]): string[] => cells.map(cleanText);

export function validateRow(cells: readonly string[], rules: RowRules = {}): RowVerdict {
  const map = rules.map ?? POSITIONAL_MAP;
  const needs = rules.needs ?? [];
  if (isEmptyRow(cells)) return { ok: false, reason: 'empty row' };

  const phone = phoneOf(cellAt(cells, map.phone), rules.countries);
  if (!phone.ok) return { ok: false, reason: `${columnName(map, map.phone)}: ${phone.reason}` };

  const media = map.media === null ? '' : cleanMediaCell(cellAt(cells, map.media));
  if (media && !isPublicUrl(media)) return { ok: false, reason: `${columnName(map, map.media!)}: media "${truncate(media)}" must be a public http(s) URL` };

  const variables: string[] = [];
  const count = map.ordered ? cells.length - 2 : map.positional.length;
  for (let i = 0; i < count; i++) variables.push(cleanVariableCell(cellAt(cells, map.ordered ? i + 2 : map.positional[i]!)));
  while (variables.length && variables[variables.length - 1] === '') variables.pop();
  for (let i = 0; i < variables.length; i++) {
    const column = map.ordered ? i + 2 : map.positional[i]!;
    if (column < 0) return { ok: false, reason: `{{${i + 1}}} has no column: the header names {{${i + 2}}} but no {{${i + 1}}}` };
    const problem = variableProblem(variables[i]!);
    if (problem) return { ok: false, reason: `${variableColumn(map, column, String(i + 1))} ${problem}` };
  }

  let named: Record<string, string> | null = null;
  for (const name of namesOf(needs)) {
    const column = map.named.get(name);
    if (column === undefined) continue;
    const value = cleanVariableCell(cellAt(cells, column));
    const problem = value && variableProblem(value);
    if (problem) return { ok: false, reason: `${variableColumn(map, column, name)} ${problem}` };
    if (value) (named ??= {})[name] = value;
  }

  const values = { mediaUrl: media || null, variables, named };
  for (const n of needs) {
    const missing = missingForTemplate(n, values);
    if (!missing) continue;
    // A header that names no {{n}} column: the likely fix is naming them, not adding cells.
    const hint = !map.ordered && !map.positional.length && variables.length < n.positional ? `; name its column${n.positional === 1 ? '' : 's'} ${placeholderRange(n.positional)} in the header row` : '';
    return { ok: false, reason: missing + hint };
  }
  return { ok: true, phone: phone.phone, mediaUrl: values.mediaUrl, variables, named };
}

const cellAt = (cells: readonly string[], column: number) => (column < 0 ? '' : (cells[column] ?? ''));

function isEmptyRow(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '' && cleanStructural(c) !== '') return false;
  return true;
}

/** The column, and the placeholder it fills unless its label already is that placeholder. */
function variableColumn(map: ColumnMap, column: number, placeholder: string): string {
  const where = columnName(map, column);
  return parameterName(map.labels[column] ?? '') === placeholder ? where : `${where} ({{${placeholder}}})`;
}

/** The parameter names of the NAMED templates, once per campaign rather than per row. */
const names = new WeakMap<readonly TemplateNeeds[], string[]>();
function namesOf(needs: readonly TemplateNeeds[]): string[] {
  let list = names.get(needs);
  if (!list) names.set(needs, (list = [...new Set(needs.flatMap((n) => n.named))]));
  return list;
}

/** Google Contacts joins several numbers as "a ::: b": the first valid one is the contact's. */
function phoneOf(cell: string, countries?: readonly CountryRule[]) {
  if (!cell.includes(':::')) return normalizePhone(cleanPhoneCell(cell), countries);
  const results = cell.split(':::').map((c) => normalizePhone(cleanPhoneCell(c), countries));
  return results.find((r) => r.ok) ?? results[0]!;
}

function cleanMediaCell(cell: string): string {
  const s = cleanStructural(cell);
  return s.startsWith("'") ? s.slice(1) : s;
}

/** The Cloud API refuses a text parameter with a new line, a tab or more than 4 spaces in a row. */
function variableProblem(value: string): string | null {
  if (value === '') return 'is empty';
  if (value.length <= MAX_VARIABLE_LENGTH && !REFUSED_BY_META.test(value)) return null;
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
