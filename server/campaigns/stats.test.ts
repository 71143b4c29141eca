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
  });

  it('quotes commas, quotes and newlines; empty for null', () => {
    assert.equal(csvLine(['a,b', 'say "hi"', 'x\ny', null, 5]), '"a,b","say ""hi""","x\ny",,5\r\n');
  });
});
