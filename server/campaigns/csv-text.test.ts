import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asciiDigits, cleanPhoneCell, cleanStructural, cleanVariable, cleanVariableCell } from './csv-text.ts';

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Every character class the spreadsheets and contact apps leave in cells.
const FORMAT = [0x200e, 0x200f, 0x061c, ...range(0x202a, 0x202e), ...range(0x2066, 0x2069), 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, ...range(0xfe00, 0xfe0f), 0xe0100, 0xe01ef];
const SPACES = [0x00a0, 0x1680, ...range(0x2000, 0x200a), 0x202f, 0x205f, 0x3000];
const DASHES = [...range(0x2010, 0x2015), 0x2212, 0xfe58, 0xfe63, 0xff0d];
const ZEROS: Array<[string, number]> = [
  ['Arabic-Indic', 0x0660], ['Extended Arabic-Indic (Persian, Urdu)', 0x06f0], ['NKo', 0x07c0], ['Devanagari', 0x0966], ['Bengali', 0x09e6],
  ['Gurmukhi', 0x0a66], ['Gujarati', 0x0ae6], ['Oriya', 0x0b66], ['Tamil', 0x0be6], ['Telugu', 0x0c66], ['Kannada', 0x0ce6], ['Malayalam', 0x0d66],
  ['Thai', 0x0e50], ['Myanmar', 0x1040], ['Khmer', 0x17e0], ['Fullwidth', 0xff10], ['Mathematical bold', 0x1d7ce], ['Mathematical monospace', 0x1d7f6],
];

describe('CSV cell text', () => {
  for (const cp of FORMAT) {
    it(`removes format character ${hex(cp)} from phone and structural cells, wherever it is`, () => {
      const c = String.fromCodePoint(cp);
      assert.equal(cleanPhoneCell(`${c}+91${c} 98765${c}43210${c}`), '+91 9876543210');
      assert.equal(cleanStructural(`${c}Phone${c} 1${c}`), 'Phone 1');
    });
  }

  for (const cp of SPACES) {
    it(`reads ${hex(cp)} as a space`, () => {
      const s = String.fromCodePoint(cp);
      assert.equal(cleanPhoneCell(`${s}+91${s}98765${s}43210${s}`), '+91 98765 43210');
      assert.equal(cleanVariableCell(`${s}Ada${s}Lovelace${s}`), 'Ada Lovelace');
    });
  }

  for (const cp of DASHES) {
    it(`reads ${hex(cp)} in a phone as '-'`, () => {
      const d = String.fromCodePoint(cp);
      assert.equal(cleanPhoneCell(`+91${d}98765${d}43210`), '+91-98765-43210');
    });
  }

  for (const [script, zero] of ZEROS) {
    it(`maps ${script} digits (${hex(zero)}..) to ASCII`, () => {
      const digits = range(zero, zero + 9).map((cp) => String.fromCodePoint(cp)).join('');
      assert.equal(asciiDigits(digits), '0123456789');
      assert.equal(cleanPhoneCell(`+${asciiDigitsReversed(zero, '919876543210')}`), '+919876543210');
    });
  }

  it('keeps ASCII text as it is apart from surrounding spaces', () => {
    assert.equal(asciiDigits('Order 42'), 'Order 42');
    assert.equal(cleanStructural('  https://cdn.example.com/a.jpg '), 'https://cdn.example.com/a.jpg');
  });

  it("removes Sheets' leading apostrophe and a number column's .0 / .00 from phones, nothing else", () => {
    assert.equal(cleanPhoneCell("'919876543210"), '919876543210');
    assert.equal(cleanPhoneCell("'+91 98765 43210"), '+91 98765 43210');
    assert.equal(cleanPhoneCell('919876543210.0'), '919876543210');
    assert.equal(cleanPhoneCell('919876543210.00'), '919876543210');
    assert.equal(cleanPhoneCell('+919876543210.0'), '+919876543210');
    assert.equal(cleanPhoneCell('919876543210.5'), '919876543210.5');
    assert.equal(cleanPhoneCell('919876543210.000'), '919876543210.000');
    assert.equal(cleanPhoneCell('9.19876E+11'), '9.19876E+11');
    assert.equal(cleanVariableCell("'00123"), '00123');
    assert.equal(cleanVariableCell("'Twas brillig"), "'Twas brillig");
  });

  it('keeps the joiners and variation selectors that shape text inside a variable, and drops them at its edges', () => {
    const hindi = 'क्\u200Dष'; // ZWJ shapes the conjunct
    const persian = 'می\u200Cخواهم'; // ZWNJ separates letters that would join
    const heart = '\u2764\uFE0F';
    const family = '👨\u200D👩\u200D👧';
    for (const text of [hindi, persian, heart, family]) assert.equal(cleanVariable(`\u200F\u200B${text}\u200D\u00A0`), text);
    assert.equal(cleanVariable('Ada\u200E \u202BLovelace\u202C\u2066!\u2069\uFEFF'), 'Ada Lovelace!');
  });

  it('removes NUL and replaces lone surrogates, which Postgres cannot store', () => {
    assert.equal(cleanVariable('A\u0000da \ud800'), 'Ada \ufffd');
    assert.equal(cleanPhoneCell('9198765\u000043210'), '919876543210');
  });
});

/** `ascii` written in the digits of the set starting at `zero`. */
function asciiDigitsReversed(zero: number, ascii: string): string {
  return [...ascii].map((d) => String.fromCodePoint(zero + Number(d))).join('');
}
