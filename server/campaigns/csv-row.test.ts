import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCells, isHeaderRow, validateRow } from './csv-row.ts';

describe('campaign CSV row', () => {
  it('recognises a header row, with or without BOM', () => {
    assert.equal(isHeaderRow(['Phone', '{{Media}}', '{{1}}']), true);
    assert.equal(isHeaderRow(['\uFEFFphone']), true);
    assert.equal(isHeaderRow(['919876543210', '']), false);
    assert.equal(isHeaderRow(['+91 98765 43210']), false);
  });

  it('keeps phone, media URL and variables (trailing empty columns dropped)', () => {
    assert.deepEqual(validateRow(['+91 98765-43210', 'https://cdn.example.com/a.jpg', 'Ada', 'Order #4, Pune', '', '']), {
      ok: true,
      phone: '919876543210',
      mediaUrl: 'https://cdn.example.com/a.jpg',
      variables: ['Ada', 'Order #4, Pune'],
    });
    assert.deepEqual(validateRow(['919876543210']), { ok: true, phone: '919876543210', mediaUrl: null, variables: [] });
  });

  it('gives a reason for each kind of bad row', () => {
    const reason = (cells: string[]) => {
      const r = validateRow(cells);
      return r.ok ? null : r.reason;
    };
    assert.equal(reason(['', '', '']), 'empty row');
    assert.match(reason(['12345'])!, /country code 91/);
    assert.match(reason(['919876543210', 'not a url'])!, /public http\(s\) URL/);
    assert.match(reason(['919876543210', 'http://localhost/x.png'])!, /public/);
    assert.match(reason(['919876543210', 'https://192.168.1.5/x.png'])!, /public/);
    assert.match(reason(['919876543210', 'https://cdn example.com/x.png'])!, /public/);
    assert.equal(reason(['919876543210', 'https://203.0.113.7:8443/img.jpg?v=2']), null);
    assert.equal(reason(['919876543210', 'http://cdn.shop.example.in/a/b.png']), null);
    assert.match(reason(['919876543210', '', 'Ada', '', 'x'])!, /\{\{2\}\} is empty/);
    assert.match(reason(['919876543210', '', 'y'.repeat(2000)])!, /longer than/);
  });

  it('keeps only text Postgres can store: NUL removed, lone surrogates replaced', () => {
    const row = validateRow(['919876543210', '', 'A\u0000da', 'Order \ud800 7']);
    assert.deepEqual(row, { ok: true, phone: '919876543210', mediaUrl: null, variables: ['Ada', 'Order \ufffd 7'] });
    assert.deepEqual(cleanCells(['91\u000098', 'x\udc00']), ['9198', 'x\ufffd']);
  });
});
