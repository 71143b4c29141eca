import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { columnName, mapHeader, parameterName } from './csv-header.ts';

describe('CSV header mapping', () => {
  const phoneLabels = [
    'Phone', 'phone', 'PHONE', 'phone_number', 'Phone Number', 'phone-number', 'Mobile', 'mobile number', 'Mobile_Number', 'WhatsApp', 'whatsapp number',
    'Contact', 'Contact Number', 'Number', 'MSISDN', 'Phone 1 - Value', 'Mobile Phone', '{{Phone}}', '\uFEFFPhone', '\u200FPhone\u00A0Number', 'Téléphone', 'Teléfono', 'Telefon',
  ];
  for (const label of phoneLabels) {
    it(`finds the phone column named "${label}" wherever it is`, () => {
      const map = mapHeader(['Name', label, 'Notes'])!;
      assert.equal(map.header, true);
      assert.equal(map.phone, 1);
    });
  }

  it('takes the first phone column when several match (Google Contacts: Phone 1 before Phone 2)', () => {
    const map = mapHeader(['Name', 'Given Name', 'Phone 1 - Type', 'Phone 1 - Value', 'Phone 2 - Type', 'Phone 2 - Value'])!;
    assert.equal(map.phone, 3);
  });

  for (const label of ['media', '{{Media}}', 'Image', 'header_image', 'Header Image', 'video', 'Document', 'URL', 'media_url']) {
    it(`finds the media column named "${label}"`, () => assert.equal(mapHeader(['phone', label])!.media, 1));
  }

  it('finds variables by number in every usual spelling, in any column order', () => {
    const map = mapHeader(['{{2}}', 'Phone', 'var1', 'variable 3', 'param4', 'Param_5', '6', 'body7'])!;
    assert.deepEqual(map.positional, [2, 0, 3, 4, 5, 6, 7]);
    assert.deepEqual(mapHeader(['phone', '{{2}}'])!.positional, [-1, 1]);
  });

  it('keeps every other column by its parameter name, for NAMED templates', () => {
    const map = mapHeader(['Phone', '{{customer_name}}', 'Order ID', 'delivery-date', 'Customer Name'])!;
    assert.deepEqual([...map.named], [['customer_name', 1], ['order_id', 2], ['delivery_date', 3]]);
    assert.equal(parameterName(' {{ Customer Name }} '), 'customer_name');
  });

  it('is no header when the first row is a contact', () => {
    assert.equal(mapHeader(['919876543210', 'https://x.example/a.jpg', 'Ada']), null);
    assert.equal(mapHeader(['+91 98765 43210']), null);
    assert.equal(mapHeader(['٩١٩٨٧٦٥٤٣٢١٠']), null);
    assert.equal(mapHeader(['', 'Ada']), null);
  });

  it('keeps the documented order under a header that labels only the phone', () => {
    const map = mapHeader(['Phone', '', ''])!;
    assert.deepEqual([map.header, map.phone, map.media, map.ordered], [true, 0, 1, true]);
    assert.equal(mapHeader(['Phone', 'Name'])!.ordered, false);
  });

  it('is a header without a phone column when its first cell is a label (the ingest refuses it)', () => {
    assert.equal(mapHeader(['Name', 'Email'])!.phone, -1);
  });

  it('names a column as a spreadsheet does', () => {
    const map = mapHeader(['Phone', 'Name'])!;
    assert.equal(columnName(map, 0), 'column A (Phone)');
    assert.equal(columnName(map, 25), 'column Z');
    assert.equal(columnName(map, 26), 'column AA');
    assert.equal(columnName(map, 701), 'column ZZ');
    assert.equal(columnName(map, 702), 'column AAA');
  });
});
