import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvLine } from './stats.ts';

const istCell = (value: unknown) => csvCell(value, 'Asia/Kolkata');

describe('CSV export cells', () => {
  it('neutralises formulas', () => {
    assert.equal(istCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(istCell('+919876543210'), "'+919876543210");
    assert.equal(istCell('-1'), "'-1");
    assert.equal(istCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(istCell('919876543210'), '919876543210');
    assert.equal(istCell('\uFF1DHYPERLINK("http://x")'), `"'\uFF1DHYPERLINK(""http://x"")"`);
    assert.equal(istCell('＋1'), "'＋1");
    assert.equal(istCell('－1'), "'－1");
    assert.equal(istCell('＠SUM(A1)'), "'＠SUM(A1)");
    assert.equal(istCell(-5), "'-5");
  });

  it('quotes exactly the ten formula starts, checked over every UTF-16 code unit', () => {
    const starts = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
    const unquote = (cell: string) => (cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
    const quoted: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const cell = unquote(istCell(`${ch}1`));
      if (cell.startsWith(`'${ch}1`)) quoted.push(ch);
      else assert.ok(cell.startsWith(`${ch}1`), `U+${c.toString(16)} changed: ${JSON.stringify(cell)}`);
    }
    assert.deepEqual(new Set(quoted), starts);
    // only the first character counts; a formula start later in the cell is plain text
    for (const ch of starts) assert.equal(unquote(istCell(`a${ch}1`)), `a${ch}1`);
    // a surrogate pair, an empty string and a Date are not formulas
    assert.equal(istCell('😀=1'), '😀=1');
    assert.equal(istCell(''), '');
    assert.equal(istCell(new Date('2026-01-01T00:00:00Z')), '2026-01-01T05:30:00+05:30');
  });

  it('quotes commas, quotes and newlines; empty for null', () => {
    assert.equal(csvLine(['a,b', 'say "hi"', 'x\ny', null, 5], 'Asia/Kolkata'), '"a,b","say ""hi""","x\ny",,5\r\n');
  });

  it('writes times in the given zone with its offset, never as UTC', () => {
    const at = new Date('2026-12-01T20:00:00.250Z'); // already 2 December in India
    assert.equal(csvLine([at], 'Asia/Kolkata'), '2026-12-02T01:30:00+05:30\r\n');
    assert.equal(csvLine([at], 'America/New_York'), '2026-12-01T15:00:00-05:00\r\n');
    assert.equal(csvLine([at], 'Asia/Kathmandu'), '2026-12-02T01:45:00+05:45\r\n');
  });
});
