import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { contactApp, excelEuropean, excelUnicodeText, excelUtf8, googleContacts, googleSheets } from '../test/csv-exports.ts';

// Real exports imported end to end: each file is built byte for byte like the tool writes it,
// uploaded as a campaign, and read back from campaign_contacts.
const WABA = '770000000012';
const PHONE_ID = '555000812';

describe('campaign import of real spreadsheet exports', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  const tpl: Record<string, string> = {};
  const form = (fields: Record<string, string>, bytes: Buffer, filename = 'contacts.csv') => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    f.append('file', new Blob([new Uint8Array(bytes)]), filename);
    return f;
  };
  const post = async (path: string, body: FormData) => {
    const r = await app.request(path, { method: 'POST', token, body });
    return { status: r.status, body: (await r.json()) as any };
  };
  /** Stored, not sent: scheduled far ahead. */
  const importCsv = async (template: string, bytes: Buffer) => {
    const r = await post('/api/campaigns', form({ name: `import ${template}`, numberId, templateIds: tpl[template]!, scheduledAt: '2099-01-01T09:00' }, bytes));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const rows = await app.ctx.db('campaign_contacts').where({ campaign_id: r.body.id }).orderBy('row_number');
    return rows.map((x) => (x.invalid_reason ? { row: x.row_number, invalid: x.invalid_reason } : { row: x.row_number, phone: x.phone, media: x.media_url, variables: x.variables, named: x.named_variables }));
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const n = await app.call('POST', '/api/accounts', token, { displayName: 'Importer', phoneNumberId: PHONE_ID, wabaId: WABA, accessToken: 'sandbox-i', sandbox: true });
    numberId = n.body.id;
    const t = (name: string, components: object[], parameter_format = 'POSITIONAL') => ({ name, category: 'UTILITY', status: 'APPROVED', language: 'en_US', parameter_format, components });
    await app.sandbox('POST', '/control/templates', {
      waba_id: WABA,
      templates: [
        t('order_image', [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Hi {{1}}, your order {{2}} shipped.' }]),
        t('reminder', [{ type: 'BODY', text: 'Hi {{1}}, see you on {{2}}.' }]),
        t('notice', [{ type: 'BODY', text: 'Your appointment is confirmed.' }]),
        t('greeting_named', [{ type: 'BODY', text: 'Hello {{given_name}}, welcome back!' }], 'NAMED'),
        t('order_named', [{ type: 'BODY', text: 'Hi {{customer_name}}, your order {{order_id}} is ready.' }], 'NAMED'),
      ],
    });
    await app.call('POST', '/api/templates/sync', token, { numberId });
    const rows = await waitFor('templates synced', () => app.ctx.db('templates').select('id', 'name'), (r) => r.length === 5, 20_000);
    for (const r of rows) tpl[r.name] = r.id;
  });
  after(() => app.stop());

  it('Excel "CSV UTF-8": BOM, CRLF, quoted commas, an Excel-rounded number and a missing media URL', async () => {
    const bytes = excelUtf8([
      'Phone,{{Media}},{{1}},{{2}}',
      '+91 98765 00001,https://cdn.example.com/1.jpg,Renée,"Order #1, Pune"',
      '9.19877E+11,https://cdn.example.com/2.jpg,Rounded,A2',
      '919876500003.0,,NoMedia,A3',
      '919876500004,https://cdn.example.com/4.jpg,Zoë,A4',
    ]);
    assert.deepEqual(await importCsv('order_image', bytes), [
      { row: 2, phone: '919876500001', media: 'https://cdn.example.com/1.jpg', variables: ['Renée', 'Order #1, Pune'], named: null },
      { row: 3, invalid: 'column A (Phone): phone "9.19877E+11": the number was rounded by Excel (scientific notation); format the column as text and export again' },
      { row: 4, invalid: 'template order_image has a IMAGE header: the row needs a media URL' },
      { row: 5, phone: '919876500004', media: 'https://cdn.example.com/4.jpg', variables: ['Zoë', 'A4'], named: null },
    ]);
  });

  it('Excel "CSV" in a European locale: semicolons, Windows-1252 (é, ü, €), unquoted commas, a decimal comma', async () => {
    const bytes = excelEuropean([
      'Téléphone;{{1}};{{2}}',
      '0091 98765 00011;Jürgen;Café €5, Straße',
      '9,19876500012E+11;Zoë;“Quoted” – dash',
      '98765 00013;Ana;x',
    ]);
    assert.deepEqual(await importCsv('reminder', bytes), [
      { row: 2, phone: '919876500011', media: null, variables: ['Jürgen', 'Café €5, Straße'], named: null },
      { row: 3, phone: '919876500012', media: null, variables: ['Zoë', '“Quoted” – dash'], named: null },
      { row: 4, invalid: 'column A (Téléphone): phone 9876500013 must start with country code 91' },
    ]);
  });

  it('Excel "Unicode text": UTF-16 LE with BOM, tab separated, Devanagari and quoted quotes', async () => {
    const bytes = excelUnicodeText(['Phone\t{{1}}\t{{2}}', '+91 98765 00021\tप्रिया\t12 दिसंबर', '919876500022\t"Ada ""the Countess"""\t1 Jan', '919876500023\tOnly one']);
    assert.deepEqual(await importCsv('reminder', bytes), [
      { row: 2, phone: '919876500021', media: null, variables: ['प्रिया', '12 दिसंबर'], named: null },
      { row: 3, phone: '919876500022', media: null, variables: ['Ada "the Countess"', '1 Jan'], named: null },
      { row: 4, invalid: 'template reminder needs 2 variables ({{1}}..{{2}}); the row has 1' },
    ]);
  });

  it("Google Sheets: no BOM, quoted fields, the apostrophe text prefix, no-break spaces and zero-width characters", async () => {
    const bytes = googleSheets([
      ['phone_number', '{{1}}', '{{2}}', 'notes'],
      ["'+91 98765 00031", 'Ada, Lovelace', "'00123", 'first'],
      ['\u200B91\u00A098765\u00A000032\u200B', 'Bo\u00A0Lee', '7', ''],
      ['919876500033', 'Cy', '', 'missing {{2}}'],
    ]);
    assert.deepEqual(await importCsv('reminder', bytes), [
      { row: 2, phone: '919876500031', media: null, variables: ['Ada, Lovelace', '00123'], named: null },
      { row: 3, phone: '919876500032', media: null, variables: ['Bo Lee', '7'], named: null },
      { row: 4, invalid: 'template reminder needs 2 variables ({{1}}..{{2}}); the row has 1' },
    ]);
  });

  it('Google Contacts export: "Phone 1 - Value" with " ::: " (the first valid number), a NAMED template filled from "Given Name"', async () => {
    const contact = (name: string, given: string, phone1: string, phone2 = '') => [name, given, '', '', '', '', '* myContacts', '', '', 'Mobile', phone1, phone2 ? 'Work' : '', phone2];
    const bytes = googleContacts([
      contact('Asha Rao', 'Asha', '+91 98765 00041 ::: +91 98765 00042'),
      contact('Bo Chen', 'Bo', '98765 00043 ::: +91 98765 00044', '+91 98765 00045'),
      contact('No Number', 'Nn', ''),
      contact('No Name', '', '+91 98765 00046'),
    ]);
    assert.deepEqual(await importCsv('greeting_named', bytes), [
      { row: 2, phone: '919876500041', media: null, variables: [], named: { given_name: 'Asha' } },
      { row: 3, phone: '919876500044', media: null, variables: [], named: { given_name: 'Bo' } },
      { row: 4, invalid: 'column K (Phone 1 - Value): phone is empty' },
      { row: 5, invalid: 'template greeting_named needs {{given_name}}: add a column named given_name' },
    ]);
  });

  it('a contacts app export: Arabic-Indic, Persian and Devanagari digits, right-to-left marks, Unicode dashes', async () => {
    const bytes = contactApp([
      ['Name', 'Mobile'],
      ['سارة', '\u200F+٩١ ٩٨٧٦٥ ٠٠٠٥١\u200F'],
      ['राहुल', '+९१ ९८७६५\u2013०००५२'],
      ['علی', '\u202B۹۱۹۸۷۶۵۰۰۰۵۳\u202C'],
      ['Ana', '+91\u201198765\u221200054'],
      ['Bad', '\u200F٩٨٧٦٥'],
    ]);
    assert.deepEqual(await importCsv('notice', bytes), [
      { row: 2, phone: '919876500051', media: null, variables: [], named: null },
      { row: 3, phone: '919876500052', media: null, variables: [], named: null },
      { row: 4, phone: '919876500053', media: null, variables: [], named: null },
      { row: 5, phone: '919876500054', media: null, variables: [], named: null },
      { row: 6, invalid: 'column B (Mobile): phone 98765 must start with country code 91' },
    ]);
  });

  it('refuses a header without a phone column, and workbooks, with what to do', async () => {
    const noPhone = await post('/api/campaigns', form({ name: 'x', numberId, templateIds: tpl.notice! }, Buffer.from('Name,Email\nAda,a@example.com\n')));
    assert.equal(noPhone.status, 422);
    assert.match(noPhone.body.error.message, /names no phone column \(Name, Email\)/);
    const xlsx = await post('/api/campaigns', form({ name: 'x', numberId, templateIds: tpl.notice! }, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), 'contacts.xlsx'));
    assert.deepEqual([xlsx.status, xlsx.body.error.code], [415, 'not_csv']);
    assert.equal((await app.ctx.db('campaigns').where({ name: 'x' })).length, 0);
  });

  it('sends a NAMED template through the simulator with parameter_name, values taken by column name', async () => {
    const bytes = googleSheets([['Order ID', 'Customer Name', 'WhatsApp Number'], ['A-1', 'Ada', '+91 98765 00061'], ['B-2', 'Bo', '+91 98765 00062']]);
    const r = await post('/api/campaigns', form({ name: 'named send', numberId, templateIds: tpl.order_named! }, bytes));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const done = await waitFor('the named campaign to complete', () => app.call('GET', `/api/campaigns/${r.body.id}`, token), (c) => c.body.campaign.status === 'completed', 30_000);
    assert.equal(done.body.campaign.sentCount, 2, JSON.stringify(done.body));
    const log = await app.sandbox('GET', `/control/requests?phone_number_id=${PHONE_ID}&limit=10`);
    const sent = log.entries.filter((e: any) => e.body?.template?.name === 'order_named');
    assert.deepEqual(
      sent.map((e: any) => [e.recipient, e.outcome, e.body.template.components]).sort(),
      [
        ['919876500061', 'accepted', [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ada' }, { type: 'text', parameter_name: 'order_id', text: 'A-1' }] }]],
        ['919876500062', 'accepted', [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Bo' }, { type: 'text', parameter_name: 'order_id', text: 'B-2' }] }]],
      ],
    );
    // The conversation shows the text as sent: values by name, not in column order.
    const bodies = await app.ctx.db('messages').where({ template_name: 'order_named' }).orderBy('body').pluck('body');
    assert.deepEqual(bodies, ['Hi Ada, your order A-1 is ready.', 'Hi Bo, your order B-2 is ready.']);
  });

  it('previews the first rows as parsed: encoding, delimiter, column roles, verdicts; stores nothing', async () => {
    const before = await app.ctx.db('campaign_contacts').count<{ c: string }[]>('* as c');
    const rows = Array.from({ length: 30 }, (_, i) => `91987650${String(1000 + i)};Name ${i};${i === 2 ? '' : `O-${i}`}`);
    const bytes = excelEuropean(['Mobile;Customer Name;{{order_id}}', '98765 00000;Zoë;O-x', ...rows]);
    const r = await post('/api/campaigns/preview', form({ templateIds: tpl.order_named! }, bytes.subarray(0, 300)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual({ ...r.body, rows: r.body.rows.length }, {
      encoding: 'windows-1252',
      delimiter: 'semicolon',
      header: true,
      columns: [
        { column: 'A', label: 'Mobile', role: 'phone' },
        { column: 'B', label: 'Customer Name', role: '{{customer_name}}' },
        { column: 'C', label: '{{order_id}}', role: '{{order_id}}' },
      ],
      rows: 10,
    });
    assert.deepEqual(r.body.rows[0], { row: 2, valid: false, phone: null, rawPhone: '98765 00000', mediaUrl: null, variables: [], named: null, reason: 'column A (Mobile): phone 9876500000 must start with country code 91' });
    assert.deepEqual(r.body.rows[1], { row: 3, valid: true, phone: '919876501000', rawPhone: '919876501000', mediaUrl: null, variables: [], named: { customer_name: 'Name 0', order_id: 'O-0' }, reason: null });
    assert.equal(r.body.rows[3].reason, 'template order_named needs {{order_id}}: add a column named order_id');
    assert.deepEqual(await app.ctx.db('campaign_contacts').count<{ c: string }[]>('* as c'), before);
  });

  it('answers a preview of garbage with a clear 4xx', async () => {
    const cases: Array<[FormData, number, string]> = [
      [form({}, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0])), 415, 'not_csv'],
      [form({}, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256))), 415, 'not_csv'],
      [form({}, Buffer.alloc(0)), 422, 'no_rows'],
      [form({}, Buffer.from('Phone\n')), 422, 'no_rows'],
      [form({}, Buffer.from('919876500001,"unclosed\n')), 400, 'invalid_csv'],
      [form({ templateIds: '00000000-0000-4000-8000-000000000000' }, Buffer.from('919876500001\n')), 400, 'unknown_template'],
      [form({ templateIds: 'nope' }, Buffer.from('919876500001\n')), 400, 'validation_error'],
    ];
    for (const [body, status, code] of cases) {
      const r = await post('/api/campaigns/preview', body);
      assert.deepEqual([r.status, r.body.error?.code], [status, code], JSON.stringify(r.body));
    }
    const noFile = new FormData();
    noFile.append('templateIds', '');
    const r = await post('/api/campaigns/preview', noFile);
    assert.deepEqual([r.status, r.body.error.code], [400, 'file_missing']);
  });
});
