import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { sandboxKeys } from '../sandbox/keys.ts';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { inboundText, WABA_ID } from '../test/wa-payloads.ts';
import { signBody } from './signature.ts';

const SANDBOX_PNID = '555000000000001';
const SANDBOX_WABA = '900000000000001';
const REAL_PNID = '106540352242922';
const SHARED_WABA = '900000000000002'; // one sandbox and one real number: the WABA is real

const templateEvent = (wabaId: string) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: wabaId, time: 1, changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1, message_template_name: 'x', message_template_language: 'en_US', reason: 'NONE' } }] }],
});

// Webhooks signed with the in-app simulator's secret speak only for sandbox numbers.
describe('sandbox-signed webhooks', () => {
  let app: TestApp;
  let secret: string;
  let seq = 0;
  const stored = async (body: string) => Number((await app.ctx.db('webhook_events').where({ body }).count<{ n: string }[]>({ n: '*' }))[0].n);
  const post = async (body: unknown, key = secret) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await app.postWebhook(raw, signBody(key, raw));
    return { status: res.status, body: await res.text(), raw };
  };
  const text = (pnid: string) => inboundText(pnid, '919876500001', `wamid.sbx.${++seq}`, 'hi');
  const addNumber = (pnid: string, waba: string | null, isSandbox: boolean, channel = 'whatsapp') =>
    app.ctx.db('channel_accounts').insert({
      workspace_id: app.ctx.defaultWorkspaceId, channel, display_name: pnid, external_id: pnid, waba_id: waba, is_sandbox: isSandbox,
      access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN),
    });
  const SANDBOX_IG = '17841400000000777';
  const REAL_PAGE = '104000000000778';

  before(async () => {
    app = await startTestApp();
    secret = sandboxKeys(app.ctx.keys.encryptionKey).webhookSecret;
    await addNumber(SANDBOX_PNID, SANDBOX_WABA, true);
    await addNumber('555000000000002', SHARED_WABA, true);
    await addNumber(REAL_PNID, WABA_ID, false);
    await addNumber('106540352242923', SHARED_WABA, false);
    await addNumber(SANDBOX_IG, null, true, 'instagram');
    await addNumber(REAL_PAGE, null, false, 'messenger');
  });
  after(() => app?.stop());

  it('accepts them for a sandbox number, a WABA that only sandbox numbers use, and a sandbox Instagram account', async () => {
    for (const body of [text(SANDBOX_PNID), templateEvent(SANDBOX_WABA), { object: 'instagram', entry: [{ id: SANDBOX_IG, time: 1, messaging: [] }] }]) {
      const r = await post(body);
      assert.equal(r.status, 200, r.body);
      await waitFor('the event stored', () => stored(r.raw), (n) => n === 1);
    }
  });

  it('refuses them (401, nothing stored) for real numbers, shared or real WABAs, unknown ids, real or mistyped Instagram/Messenger ids and non-JSON', async () => {
    const mixed = text(SANDBOX_PNID) as { entry: unknown[] };
    mixed.entry.push(...(text(REAL_PNID) as { entry: unknown[] }).entry);
    const cases: unknown[] = [
      text(REAL_PNID),
      mixed,
      templateEvent(SHARED_WABA),
      templateEvent(WABA_ID),
      text('777000000000009'),
      { object: 'whatsapp_business_account', entry: [] },
      { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: {} }] }] },
      { object: 'whatsapp_business_account', entry: [{ id: SANDBOX_WABA, changes: [{ field: 'messages', value: { metadata: { phone_number_id: 555000000000001 } } }] }] },
      { object: 'instagram', entry: [{ id: SANDBOX_PNID, time: 1, messaging: [] }] },
      { object: 'page', entry: [{ id: SANDBOX_WABA, time: 1, messaging: [] }] },
      { object: 'page', entry: [{ id: REAL_PAGE, time: 1, messaging: [] }] },
      { object: 'page', entry: [{ id: SANDBOX_IG, time: 1, messaging: [] }] },
      'not json',
    ];
    for (const body of cases) {
      const r = await post(body);
      assert.equal(r.status, 401, `${r.raw.slice(0, 120)}: ${r.status} ${r.body}`);
      assert.equal(JSON.parse(r.body).error.code, 'invalid_signature');
      assert.equal(await stored(r.raw), 0);
    }
    assert.ok(app.logs.some((l) => l.includes('sandbox-signed body for an account that is not a sandbox account')));
  });

  it('a sandbox number added a moment ago is accepted at once (a cache miss re-reads the table)', async () => {
    const pnid = '555000000000077';
    assert.equal((await post(text(pnid))).status, 401); // now cached without it
    await addNumber(pnid, '900000000000077', true);
    const r = await post(text(pnid));
    assert.equal(r.status, 200, r.body);
  });

  it('Meta-signed bodies are checked as before, with no query of channel_accounts', async () => {
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    app.ctx.db.on('query', onQuery);
    try {
      for (const pnid of [REAL_PNID, SANDBOX_PNID, '777000000000010']) {
        const res = await app.postWebhook(text(pnid));
        assert.equal(res.status, 200);
      }
      assert.equal((await app.postWebhook(text(REAL_PNID), signBody('not-the-secret', '{}'))).status, 401);
      // (the processor's ingest and the reply worker read channel_accounts too; the signature check's query is this one)
      const signatureLookups = () => queries.filter((q) => q.startsWith('select "channel", "external_id", "waba_id", "is_sandbox" from "channel_accounts"'));
      assert.deepEqual(signatureLookups(), []);
      assert.equal((await post(text('777000000000011'))).status, 401); // a sandbox-signed miss does query
      assert.equal(signatureLookups().length, 1);
    } finally {
      app.ctx.db.off('query', onQuery);
    }
  });

  it("the in-app simulator's deliveries land for a sandbox number and bounce (401) for any other", async () => {
    await app.sandbox('POST', '/control/inbound', { phone_number_id: SANDBOX_PNID, from: '919876500002', type: 'text', text: 'from the simulator', flush: true });
    await waitFor('the simulated message in the inbox', () => app.ctx.db('messages').where({ body: 'from the simulator' }).count<{ n: string }[]>({ n: '*' }), (r) => Number(r[0].n) === 1);

    await app.sandbox('POST', '/control/inbound', { phone_number_id: REAL_PNID, from: '919876500003', type: 'text', text: 'forged by the simulator', flush: true });
    type Delivery = { payload?: unknown; attempts: Array<{ status: number | null }> };
    const forged = async () =>
      ((await app.sandbox('GET', '/control/webhooks?include_body=1&limit=50')).deliveries as Delivery[]).find((d) => JSON.stringify(d.payload ?? '').includes('forged by the simulator'));
    const tried = await waitFor('the simulator to try delivering', forged, (d) => (d?.attempts.length ?? 0) > 0);
    assert.equal(tried!.attempts[0].status, 401);
    assert.equal(await app.ctx.db('webhook_events').where('body', 'like', '%forged by the simulator%').first(), undefined);
  });
});
