import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';

const WABA = '770000000001';

describe('campaign creation from CSV', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  const tpl: Record<string, string> = {};
  const upload = (fields: Record<string, string>, csv: string | Blob) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', typeof csv === 'string' ? new Blob([csv], { type: 'text/csv' }) : csv, 'contacts.csv');
    return app.request('/api/campaigns', { method: 'POST', token, body: form }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  };
  const count = async (table: string) => Number((await app.ctx.db(table).count<{ c: string }[]>('* as c'))[0]!.c);

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const n = await app.request('/api/accounts', { method: 'POST', token, json: { displayName: 'Demo', phoneNumberId: '555000777', wabaId: WABA, accessToken: 'sandbox-t', sandbox: true } });
    numberId = ((await n.json()) as { id: string }).id;
    const seed = (name: string, category: string) => ({ name, category, status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}}' }] });
    await fetch(`${app.url}/sandbox/control/templates`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-token': app.sandboxToken }, body: JSON.stringify({ waba_id: WABA, templates: [seed('a', 'UTILITY'), seed('b', 'UTILITY'), seed('c', 'UTILITY'), seed('promo', 'MARKETING')] }) });
    await app.request('/api/templates/sync', { method: 'POST', token, json: { numberId } });
    for (let i = 0; i < 100 && (await count('templates')) < 4; i++) await new Promise((r) => setTimeout(r, 100));
    for (const t of await app.ctx.db('templates')) tpl[t.name] = t.id;
  });
  after(() => app.stop());

  it('stores every row with its verdict, splits valid rows over the templates and queues them', async () => {
    const csv = [
      '\uFEFFPhone,{{Media}},{{1}},{{2}}',
      '919876500001,https://cdn.example.com/1.jpg,Ada,"Order #1, Pune"',
      '+91 98765-00002,,Bo,A2',
      '9.19876500003E+11,,Cy,A3',
      '9.19877E+11,,Rounded,A4',
      '98765 00005,,NoCountry,A5',
      '919876500006,ftp://x,BadMedia,A6',
      '919876500007,,Di,A7',
      '919876500008,,Ed,A8',
      '919876500009,,Fa,A9',
      '919876500010,,Gi,A10',
      '919876500011,,Ha,A11',
      '919876500012,,Io,A12',
      '919876500013,,Ju,A13',
    ].join('\r\n');
    const r = await upload({ name: 'November reminders', numberId, templateIds: [tpl.a, tpl.b, tpl.c].join(',') }, csv);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.totalRows, r.body.validRows, r.body.invalidRows, r.body.message, r.body.status], [13, 10, 3, '3 invalid rows skipped', 'queued']);
    const rows = await app.ctx.db('campaign_contacts').where({ campaign_id: r.body.id }).orderBy('row_number');
    assert.equal(rows.length, 13);
    assert.deepEqual(rows[0].variables, ['Ada', 'Order #1, Pune']);
    assert.equal(rows[2].phone, '919876500003');
    const invalid = rows.filter((x) => x.invalid_reason).map((x) => [x.raw_phone, x.invalid_reason]);
    assert.equal(invalid.length, 3);
    assert.match(invalid[0]![1], /rounded by Excel/);
    assert.match(invalid[1]![1], /country code 91/);
    assert.match(invalid[2]![1], /public http\(s\) URL/);
    const chunks = await app.ctx.db('campaign_templates').where({ campaign_id: r.body.id }).orderBy('position');
    assert.deepEqual(chunks.map((c) => [c.template_id, c.first_contact, c.contact_count]), [[tpl.a, 0, 3], [tpl.b, 3, 3], [tpl.c, 6, 4]]);
    assert.equal(await app.ctx.db('send_queue').where({ campaign_id: r.body.id }).count<{ c: string }[]>('* as c').then((x) => Number(x[0]!.c)), 10);
  });

  it('stores rows whose cells hold NUL, valid or not (Postgres refuses NUL in text)', async () => {
    const csv = ['Phone,{{Media}},{{1}},{{2}}', '919876500001,,A\u0000da,O1', '12\u000045,,B\u0000o,O2'].join('\n');
    const r = await upload({ name: 'Nul\u0000 cells', numberId, templateIds: tpl.a! }, csv);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const rows = await app.ctx.db('campaign_contacts').where({ campaign_id: r.body.id }).orderBy('row_number');
    assert.deepEqual(rows.map((x) => [x.raw_phone, x.variables]), [['919876500001', ['Ada', 'O1']], ['1245', ['Bo', 'O2']]]);
  });

  it('schedules in the app time zone and stores UTC', async () => {
    const r = await upload({ name: 'Later', numberId, templateIds: tpl.a!, scheduledAt: '2099-01-15T09:30' }, '919876500001,,A,B\n');
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'scheduled');
    assert.equal(r.body.scheduledAt, '2099-01-15T04:00:00.000Z');
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    // send_queue is left out: the sender drains the earlier tests' campaigns meanwhile.
    const before = await Promise.all(['campaigns', 'campaign_contacts'].map(count));
    const cases: Array<[Promise<{ status: number; body: any }>, number, string]> = [
      [upload({ name: 'Q', numberId, templateIds: tpl.promo! }, '919876500001,,A\n'), 409, 'template_not_sendable'],
      [upload({ name: 'Q', numberId, templateIds: '' }, '919876500001,,A\n'), 400, 'validation_error'],
      [upload({ name: 'Q', numberId, templateIds: tpl.a! }, 'Phone\n12345\n'), 422, 'no_valid_rows'],
      [upload({ name: 'Q', numberId, templateIds: tpl.a! }, '919876500001,"unclosed\n919876500002,,B\n'), 400, 'invalid_csv'],
      [upload({ name: 'Q', numberId, templateIds: tpl.a!, scheduledAt: '2001-01-01T00:00' }, '919876500001,,A\n'), 400, 'schedule_in_past'],
      [upload({ name: 'Q', numberId, templateIds: tpl.a! }, Array.from({ length: 100_001 }, (_, i) => `91${9000000000 + i},,x`).join('\n')), 413, 'too_many_rows'],
      [upload({ name: 'Q', numberId, templateIds: tpl.a! }, new Blob([`919876500001,,${'x'.repeat(1000)}\n`.repeat(52_000)])), 413, 'file_too_large'],
    ];
    for (const [p, status, code] of cases) {
      const r = await p;
      assert.equal(r.status, status, `${code}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, code);
    }
    const none = await upload({ name: 'Q', numberId, templateIds: tpl.a! }, 'Phone\n12345\n919876500001,ftp://x,A\n');
    assert.match(none.body.error.message, /^None of the 2 rows is valid \(row 2: column A \(Phone\): phone 12345 must start with country code 91; row 3: column B: media "ftp:\/\/x" must be a public http\(s\) URL\)$/);
    const json = await app.request('/api/campaigns', { method: 'POST', token, json: { name: 'x' } });
    assert.equal(json.status, 415);
    assert.deepEqual(await Promise.all(['campaigns', 'campaign_contacts'].map(count)), before);
    assert.equal((await app.ctx.db('campaigns').where({ name: 'Q' })).length, 0);
  });
});
