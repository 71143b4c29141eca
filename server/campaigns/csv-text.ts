import { cleanText } from '../http/schemas.ts';

// What spreadsheets and phone contact apps put around the text people see, undone per cell. Pure.
// Phones, media URLs and header names are structural: every invisible character goes. Variables
// are free text sent to customers: zero-width joiners and variation selectors shape Indic
// conjuncts, Persian words and emoji there, so inside a variable only the marks that never carry
// meaning go (bidi controls, zero-width space, word joiner, BOM) and the rest only at the edges
// (a variation selector only at the start: at the end it shapes the last character).

/** Format characters spreadsheets and contact apps leave in cells (the Cf ones people paste, plus variation selectors). */
const ALL_INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;
/** The subset that never carries meaning inside text: bidi marks and controls, ZWSP, word joiner, BOM. */
const MEANINGLESS = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** No-break and typographic spaces: a space to whoever reads them. */
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
/** Invisible at a variable's edges; a variation selector is kept at the end, where it shapes the last character (❤️). */
const EDGES = /^[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFE00-\uFE0F]+|[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064]+$/g;
/** Unicode hyphens, dashes and minus signs: separators in a phone number like '-'. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const PLAIN = /^[\x20-\x7E]*$/;

/** A structural cell (phone, media URL, header name): no format characters, plain spaces, trimmed. */
export function cleanStructural(cell: string): string {
  if (PLAIN.test(cell)) return cell.trim();
  return cleanText(cell).replace(ALL_INVISIBLE, '').replace(SPACES, ' ').trim();
}

/** A variable cell: plain spaces, meaningless marks gone, invisible characters trimmed at the edges. */
export function cleanVariable(cell: string): string {
  if (PLAIN.test(cell)) return cell.trim();
  return cleanText(cell).replace(MEANINGLESS, '').replace(SPACES, ' ').replace(EDGES, '');
}

const digitValues = new Map<string, string>();

/**
 * Decimal digits of any script (Arabic-Indic, Persian, Devanagari, Bengali, fullwidth...) as
 * ASCII. Unicode lays out every decimal digit set as runs of ten from zero, so a digit's value is
 * its distance from the start of its run, modulo ten (runs of several sets sit back to back).
 */
export function asciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGIT, (d) => {
    let v = digitValues.get(d);
    if (v === undefined) {
      let start = d.codePointAt(0)!;
      while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
      v = String((d.codePointAt(0)! - start) % 10);
      digitValues.set(d, v);
    }
    return v;
  });
}

/**
 * A phone cell as digits and separators: structural cleaning, ASCII digits, ASCII dashes and
 * plus, and the spreadsheet leftovers: Sheets' leading apostrophe (its "keep as text" prefix)
 * and the `.0`/`.00` a number column gains on export. Any other fraction stays, to be refused.
 */
export function cleanPhoneCell(cell: string): string {
  let s = cleanStructural(cell);
  if (!PLAIN.test(s)) s = asciiDigits(s).replace(DASHES, '-').replace(/\uFF0B/g, '+').replace(/\uFF08/g, '(').replace(/\uFF09/g, ')');
  if (s.startsWith("'")) s = s.slice(1).trimStart();
  return s.endsWith('.0') || s.endsWith('.00') ? s.replace(/^(\+?\d+)\.00?$/, '$1') : s;
}

/** Sheets' apostrophe prefix on a number-like variable ('00123): the apostrophe is not part of the value. */
export function cleanVariableCell(cell: string): string {
  const s = cleanVariable(cell);
  return s.startsWith("'") && /^'[\d\s+\-.,/]+$/.test(s) ? s.slice(1) : s;
}
