import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '../http/errors.ts';
import { checkTerms, parseSearch, snippetOf } from './search.ts';

const marked = (s: { text: string; highlights: Array<{ start: number; end: number }> }) => s.highlights.map((h) => s.text.slice(h.start, h.end));

describe('parseSearch', () => {
  it('splits words, keeps "quoted phrases" whole and drops duplicates', () => {
    assert.deepEqual(parseSearch('  refund   ORD-12 '), ['refund', 'ORD-12']);
    assert.deepEqual(parseSearch('"blue  kurta" size'), ['blue kurta', 'size']);
    assert.deepEqual(parseSearch('“मेरा ऑर्डर” कब'), ['मेरा ऑर्डर', 'कब']);
    assert.deepEqual(parseSearch('order order'), ['order']);
    assert.deepEqual(parseSearch('"unclosed phrase'), ['unclosed phrase']);
    assert.deepEqual(parseSearch('""'), []);
  });

  it('drops the + of a phone number, not of other words', () => {
    assert.deepEqual(parseSearch('+919876543210'), ['919876543210']);
    assert.deepEqual(parseSearch('C++'), ['C++']);
  });
});

describe('checkTerms', () => {
  const code = (terms: string[]) => {
    try {
      checkTerms(terms);
      return 'ok';
    } catch (err) {
      return err instanceof HttpError ? `${err.status} ${err.code}` : 'other';
    }
  };

  it('needs one term with 3 letters or digits in a row, Devanagari vowel signs included', () => {
    assert.equal(code(['ord']), 'ok');
    assert.equal(code(['है', 'रिफंड']), 'ok');
    assert.equal(code(['मेरा']), 'ok');
    assert.equal(code(['ab']), '400 search_too_short');
    assert.equal(code(['a-b-c', '%%%', '__']), '400 search_too_short');
    assert.equal(code([]), '400 search_too_short');
  });

  it('takes at most 8 terms', () => {
    assert.equal(code(['one', 'two', 'six', 'ten', 'abc', 'def', 'ghi', 'jkl']), 'ok');
    assert.equal(code(['one', 'two', 'six', 'ten', 'abc', 'def', 'ghi', 'jkl', 'mno']), '400 search_too_long');
  });
});

describe('snippetOf', () => {
  it('marks every match in a short text, in any case', () => {
    const s = snippetOf('Order ORD-123456: where is my order?', ['order']);
    assert.equal(s.text, 'Order ORD-123456: where is my order?');
    assert.deepEqual(marked(s), ['Order', 'order']);
  });

  it('cuts a long text around the first match with ellipses, at spaces', () => {
    const body = `${'lorem ipsum '.repeat(30)}please refund order 42 ${'dolor sit '.repeat(30)}`;
    const s = snippetOf(body, ['refund']);
    assert.ok(s.text.startsWith('…') && s.text.endsWith('…'));
    assert.ok(s.text.length <= 162);
    assert.deepEqual(marked(s), ['refund']);
    assert.match(s.text, /^…\S/);
  });

  it('marks Devanagari and several terms; regex characters are plain text', () => {
    assert.deepEqual(marked(snippetOf('मेरा रिफंड कब आएगा', ['रिफंड', 'आएगा'])), ['रिफंड', 'आएगा']);
    assert.deepEqual(marked(snippetOf('100% cashback (today)', ['100%', '(today)'])), ['100%', '(today)']);
    assert.deepEqual(marked(snippetOf('a.b axb', ['a.b'])), ['a.b']);
  });

  it('never splits a surrogate pair and keeps offsets right after emoji', () => {
    const body = `${'😀'.repeat(100)} refund ${'😀'.repeat(100)}`;
    const s = snippetOf(body, ['refund']);
    assert.ok(s.text.isWellFormed());
    assert.deepEqual(marked(s), ['refund']);
  });

  it('shows the start of the text when no term is found in it', () => {
    assert.deepEqual(snippetOf('x'.repeat(300), ['zzz']).highlights, []);
    assert.equal(snippetOf('x'.repeat(300), ['zzz']).text, `${'x'.repeat(160)}…`);
  });
});
