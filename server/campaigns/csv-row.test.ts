import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapHeader } from './csv-header.ts';
import { cleanCells, validateRow, type RowRules } from './csv-row.ts';
import { templateNeeds } from '../channels/whatsapp/template-payload.ts';

const reason = (cells: string[], rules?: RowRules) => {
  const r = validateRow(cells, rules);
  return r.ok ? null : r.reason;
};
const needs = (body: string, opts: { header?: string; named?: boolean } = {}) =>
  templateNeeds({
    name: 't',
    language: 'en',
    parameterFormat: opts.named ? 'NAMED' : 'POSITIONAL',
    components: [...(opts.header ? [{ type: 'HEADER', format: opts.header }] : []), { type: 'BODY', text: body }],
  });

describe('campaign CSV row', () => {
  it('keeps phone, media URL and variables (trailing empty columns dropped)', () => {
    assert.deepEqual(validateRow(['+91 98765-43210', 'https://cdn.example.com/a.jpg', 'Ada', 'Order #4, Pune', '', '']), {
      ok: true,
      phone: '919876543210',
      mediaUrl: 'https://cdn.example.com/a.jpg',
      variables: ['Ada', 'Order #4, Pune'],
      named: null,
    });
    assert.deepEqual(validateRow(['919876543210']), { ok: true, phone: '919876543210', mediaUrl: null, variables: [], named: null });
  });

  it('gives a reason naming the column for each kind of bad row', () => {
    assert.equal(reason(['', '', '']), 'empty row');
    assert.equal(reason(['\u200F', '\u00A0', '']), 'empty row');
    assert.match(reason(['12345'])!, /^column A: phone 12345 must start with country code 91/);
    assert.match(reason(['919876543210', 'not a url'])!, /^column B: media "not a url" must be a public http\(s\) URL/);
    assert.match(reason(['919876543210', 'http://localhost/x.png'])!, /public/);
    assert.match(reason(['919876543210', 'https://192.168.1.5/x.png'])!, /public/);
    assert.match(reason(['919876543210', 'https://cdn example.com/x.png'])!, /public/);
    assert.equal(reason(['919876543210', 'https://203.0.113.7:8443/img.jpg?v=2']), null);
    assert.equal(reason(['919876543210', 'http://cdn.shop.example.in/a/b.png']), null);
    assert.equal(reason(['919876543210', '', 'Ada', '', 'x']), 'column D ({{2}}) is empty');
    assert.match(reason(['919876543210', '', 'y'.repeat(2000)])!, /^column C \(\{\{1\}\}\) is longer than/);
    assert.match(reason(['919876543210', '', 'two\nlines'])!, /column C .* line break/);
    assert.match(reason(['919876543210', '', 'a\tb'])!, /tab/);
    assert.match(reason(['919876543210', '', 'a     b'])!, /more than 4 spaces/);
    assert.equal(reason(['919876543210', '', 'a    b']), null);
  });

  it('keeps an Excel-rounded number invalid, with what to do', () => {
    assert.equal(reason(['9.19877E+11']), 'column A: phone "9.19877E+11": the number was rounded by Excel (scientific notation); format the column as text and export again');
  });

  it('reads phones as contact apps and spreadsheets write them', () => {
    const phone = (cell: string) => {
      const r = validateRow([cell]);
      return r.ok ? r.phone : r.reason;
    };
    assert.equal(phone('\u200F+٩١ ٩٨٧٦٥ ٤٣٢١٠\u200E'), '919876543210');
    assert.equal(phone('+९१ ९८७६५–४३२१०'), '919876543210');
    assert.equal(phone('۹۱۹۸۷۶۵۴۳۲۱۰'), '919876543210');
    assert.equal(phone("'+91 98765 43210"), '919876543210');
    assert.equal(phone('919876543210.0'), '919876543210');
    assert.equal(phone('+91\u00A098765\u202F43210'), '919876543210');
    assert.equal(phone('＋９１ ９８７６５ ４３２１０'), '919876543210');
    // Google Contacts joins a contact's numbers with " ::: ": the first valid one counts.
    assert.equal(phone('98765 43210 ::: +91 98765 43211 ::: +91 98765 43212'), '919876543211');
    assert.match(phone('12 ::: 34'), /^column A: phone 12 must start/);
  });

  it('reads the columns a header names, and names them in reasons', () => {
    const map = mapHeader(['Name', 'Mobile Phone', '{{2}}', 'Image', '{{1}}'])!;
    assert.deepEqual(validateRow(['Ada', '919876543210', 'A-1', 'https://cdn.example.com/a.jpg', 'Ada L'], { map }), {
      ok: true, phone: '919876543210', mediaUrl: 'https://cdn.example.com/a.jpg', variables: ['Ada L', 'A-1'], named: null,
    });
    assert.equal(reason(['Ada', '12'], { map }), 'column B (Mobile Phone): phone 12 must start with country code 91');
    assert.equal(reason(['Ada', '919876543210', 'A-1', '', ''], { map }), 'column E ({{1}}) is empty');
    assert.equal(reason(['919876543210', 'x'], { map: mapHeader(['Phone', '{{2}}'])! }), '{{1}} has no column: the header names {{2}} but no {{1}}');
  });

  it('checks every row against the templates it may be sent with', () => {
    const image = needs('Hi {{1}}, order {{2}}', { header: 'IMAGE' });
    assert.equal(reason(['919876543210', '', 'Ada', 'A1'], { needs: [image] }), 'template t has a IMAGE header: the row needs a media URL');
    assert.equal(reason(['919876543210', 'https://cdn.example.com/a.jpg', 'Ada'], { needs: [image] }), 'template t needs 2 variables ({{1}}..{{2}}); the row has 1');
    assert.equal(reason(['919876543210', 'https://cdn.example.com/a.jpg', 'Ada', 'A1', 'extra'], { needs: [image] }), null);
    assert.equal(reason(['919876543210', 'Ada'], { map: mapHeader(['Phone', 'Name'])!, needs: [needs('Hi {{1}}')] }), 'template t needs 1 variable ({{1}}); the row has 0; name its column {{1}} in the header row');
    assert.equal(reason(['919876543210', '', 'Ada'], { needs: [needs('Hi {{1}}'), needs('{{1}} {{2}} {{3}}')] }), 'template t needs 3 variables ({{1}}..{{3}}); the row has 1');
  });

  it('fills NAMED parameters from the columns of those names, and says which are missing', () => {
    const named = needs('Hi {{customer_name}}, order {{order_id}}', { named: true });
    const map = mapHeader(['Phone', 'Customer Name', '{{order_id}}', 'Notes'])!;
    assert.deepEqual(validateRow(['919876543210', ' Ada\u00A0', 'A-1', 'x'], { map, needs: [named] }), {
      ok: true, phone: '919876543210', mediaUrl: null, variables: [], named: { customer_name: 'Ada', order_id: 'A-1' },
    });
    assert.equal(reason(['919876543210', 'Ada', ''], { map, needs: [named] }), 'template t needs {{order_id}}: add a column named order_id');
    assert.equal(reason(['919876543210', 'Ada'], { map: mapHeader(['Phone', 'Name'])!, needs: [named] }), 'template t needs {{customer_name}}, {{order_id}}: add a column named customer_name, order_id');
    // Without a header, NAMED parameters take the positional columns in the order the body names them.
    assert.equal(reason(['919876543210', '', 'Ada', 'A-1'], { needs: [named] }), null);
  });

  it('keeps only text Postgres can store: NUL removed, lone surrogates replaced', () => {
    const row = validateRow(['919876543210', '', 'A\u0000da', 'Order \ud800 7']);
    assert.deepEqual(row, { ok: true, phone: '919876543210', mediaUrl: null, variables: ['Ada', 'Order \ufffd 7'], named: null });
    assert.deepEqual(cleanCells(['91\u000098', 'x\udc00']), ['9198', 'x\ufffd']);
  });
});
