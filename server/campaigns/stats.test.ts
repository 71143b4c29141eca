import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvLine } from './stats.ts';

describe('CSV export cells', () => {
  it('neutralises formulas', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+919876543210'), "'+919876543210");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('919876543210'), '919876543210');
    assert.equal(csvCell('\uFF1DHYPERLINK("http://x")'), `"'\uFF1DHYPERLINK(""http://x"")"`);
    assert.equal(csvCell('＋1'), "'＋1");
    assert.equal(csvCell('－1'), "'－1");
    assert.equal(csvCell('＠SUM(A1)'), "'＠SUM(A1)");
    assert.equal(csvCell(-5), "'-5");
  });

  it('quotes exactly the ten formula starts, checked over every UTF-16 code unit', () => {
    const starts = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
    const unquote = (cell: string) => (cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
    const quoted: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const cell = unquote(csvCell(`${ch}1`));
      if (cell.startsWith(`'${ch}1`)) quoted.push(ch);
      else assert.ok(cell.startsWith(`${ch}1`), `U+${c.toString(16)} changed: ${JSON.stringify(cell)}`);
    }
    assert.deepEqual(new Set(quoted), starts);
    // only the first character counts; a formula start later in the cell is plain text
    for (const ch of starts) assert.equal(unquote(csvCell(`a${ch}1`)), `a${ch}1`);
    // a surrogate pair, an empty string and a Date are not formulas
    assert.equal(csvCell('😀=1'), '😀=1');
    assert.equal(csvCell(''), '');
    assert.equal(csvCell(new Date('2026-01-01T00:00:00Z')), '2026-01-01T00:00:00.000Z');
  });

  it('quotes commas, quotes and newlines; empty for null', () => {
    assert.equal(csvLine(['a,b', 'say "hi"', 'x\ny', null, 5]), '"a,b","say ""hi""","x\ny",,5\r\n');
  });
});
