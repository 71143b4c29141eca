import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { inboundText } from '../test/wa-payloads.ts';

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

describe('WhatsApp numbers against the simulator', () => {
  let app: TestApp;
  let meta: RunningSandbox;
  let token: string;
  const api = (path: string, init: { method?: string; json?: unknown } = {}) => app.request(path, { ...init, token }).then(json);
  const sandboxKnobs = (patch: object) => fetch(`${app.url}/sandbox/control/knobs`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-sandbox-token': app.sandboxToken }, body: JSON.stringify(patch) });

  before(async () => {
    // "Real" numbers go to a standalone simulator that knows exactly one number and token.
    meta = await startSandbox({ numbers: [{ phone_number_id: '106540352242922', waba_id: '102938475610001', display_phone_number: '+91 98450 00001', verified_name: 'Lucky Parcel', access_tokens: ['EAAG-good-token'] }] });
    app = await startTestApp({ META_GRAPH_BASE_URL: `${meta.url}/graph/v23.0` });
    token = await app.login();
  });
  after(async () => {
    await app.stop();
    await meta.close();
  });

  it('Test connection calls GET /{phone-number-id} and reports what Meta knows', async () => {
    const r = await api('/api/accounts/test-connection', { method: 'POST', json: { phoneNumberId: '106540352242922', accessToken: 'EAAG-good-token' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.account.verifiedName, 'Lucky Parcel');
    const log = (await (await fetch(`${meta.url}/control/requests?phone_number_id=106540352242922`)).json()) as any;
    assert.ok(JSON.stringify(log).includes('GET'), 'the simulator saw the GET');
  });

  it('refuses to save when Test connection fails, with Meta reason', async () => {
    const wrongToken = await api('/api/accounts', { method: 'POST', json: { displayName: 'Sales', phoneNumberId: '106540352242922', wabaId: '102938475610001', accessToken: 'EAAG-bad-token' } });
    assert.equal(wrongToken.status, 422);
    assert.equal(wrongToken.body.error.code, 'connection_failed');
    assert.match(wrongToken.body.error.message, /invalid or expired/);
    const unknownId = await api('/api/accounts', { method: 'POST', json: { displayName: 'Sales', phoneNumberId: '999999999', wabaId: '1', accessToken: 'EAAG-good-token' } });
    assert.equal(unknownId.status, 422);
    assert.equal((await api('/api/accounts')).body.items.length, 0);
  });

  it('adds a number with its token encrypted, never returned nor logged', async () => {
    const r = await api('/api/accounts', { method: 'POST', json: { displayName: 'Sales', phoneNumberId: '106540352242922', wabaId: '102938475610001', accessToken: 'EAAG-good-token', systemPrompt: 'Be brief.' } });
    assert.equal(r.status, 201);
    assert.equal(r.body.displayPhoneNumber, '+91 98450 00001');
    const list = await api('/api/accounts');
    assert.ok(!JSON.stringify(list.body).includes('EAAG-good-token'));
    const row = await app.ctx.db('channel_accounts').first('access_token_enc');
    assert.ok(!row.access_token_enc.includes('EAAG'));
    assert.ok(!app.logs.join('').includes('EAAG-good-token'));
    const dup = await api('/api/accounts', { method: 'POST', json: { displayName: 'Again', phoneNumberId: '106540352242922', wabaId: '102938475610001', accessToken: 'EAAG-good-token' } });
    assert.equal(dup.status, 409);
  });

  it('error 190 marks the number inactive and notifies once; a new token reactivates it', async () => {
    const [n] = (await api('/api/accounts')).body.items;
    await fetch(`${meta.url}/control/knobs`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expiredTokens: ['EAAG-good-token'] }) });
    for (let i = 0; i < 2; i++) assert.equal((await api(`/api/accounts/${n.id}/check`, { method: 'POST' })).status, 422);
    const after190 = (await api('/api/accounts')).body.items[0];
    assert.equal(after190.isActive, false);
    assert.match(after190.inactiveReason, /token expired/);
    const notes = await app.ctx.db('notifications').where({ type: 'token_expired' });
    assert.equal(notes.length, 1);
    assert.equal(notes[0].message, 'WhatsApp number Sales (+91 98450 00001) token expired, please update');
    assert.equal(notes[0].action_url, `/channels?update=${n.id}`);

    await fetch(`${meta.url}/control/numbers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone_number_id: '106540352242922', waba_id: '102938475610001', access_tokens: ['EAAG-new-token'] }) });
    const bad = await api(`/api/accounts/${n.id}/token`, { method: 'PUT', json: { accessToken: 'EAAG-good-token' } });
    assert.equal(bad.status, 422);
    const ok = await api(`/api/accounts/${n.id}/token`, { method: 'PUT', json: { accessToken: 'EAAG-new-token' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.isActive, true);
  });

  it('sandbox numbers talk to the in-app simulator and are marked as test data', async () => {
    const r = await api('/api/accounts', { method: 'POST', json: { displayName: 'Demo', phoneNumberId: '555000111222333', wabaId: '777', accessToken: 'sandbox-abc123', sandbox: true } });
    assert.equal(r.status, 201);
    assert.equal(r.body.isSandbox, true);
    await sandboxKnobs({ expiredTokens: ['sandbox-expired'] });
    const expired = await api('/api/accounts/test-connection', { method: 'POST', json: { phoneNumberId: '555000111222334', accessToken: 'sandbox-expired', sandbox: true } });
    assert.equal(expired.status, 422);
  });

  it('a new sandbox Instagram account passes Test connection before Save; a connected one keeps its token', async () => {
    const ig = { channel: 'instagram', igUserId: '17841400000000077', sandbox: true };
    const tested = await api('/api/accounts/test-connection', { method: 'POST', json: { ...ig, accessToken: 'sandbox-ig-first' } });
    assert.equal(tested.status, 200, JSON.stringify(tested.body));
    const added = await api('/api/accounts', { method: 'POST', json: { ...ig, accessToken: 'sandbox-ig-first', displayName: 'Shop IG' } });
    assert.equal(added.status, 201);
    assert.equal(added.body.channel, 'instagram');
    await api('/api/accounts/test-connection', { method: 'POST', json: { ...ig, accessToken: 'sandbox-ig-other' } });
    assert.equal((await api(`/api/accounts/${added.body.id}/check`, { method: 'POST' })).status, 200, 'the stored token still works');
  });

  it('delete archives the conversations and keeps their history', async () => {
    const demo = (await api('/api/accounts')).body.items.find((x: any) => x.displayName === 'Demo');
    await app.postWebhook(inboundText('555000111222333', '919876500011', 'wamid.keep.1', 'hello'));
    for (let i = 0; i < 50 && !(await app.ctx.db('messages').where({ external_id: 'wamid.keep.1' }).first()); i++) await new Promise((r) => setTimeout(r, 50));
    const del = await api(`/api/accounts/${demo.id}`, { method: 'DELETE' });
    assert.deepEqual(del.body, { archivedConversations: 1 });
    assert.equal((await api('/api/accounts')).body.items.some((x: any) => x.id === demo.id), false);
    assert.equal((await app.ctx.db('conversations').where({ account_id: demo.id }).first()).status, 'archived');
    assert.ok(await app.ctx.db('messages').where({ external_id: 'wamid.keep.1' }).first(), 'history kept');
    const readd = await api('/api/accounts', { method: 'POST', json: { displayName: 'Demo 2', phoneNumberId: '555000111222333', wabaId: '777', accessToken: 'sandbox-abc123', sandbox: true } });
    assert.equal(readd.status, 201);
  });

  it('answers 400 naming the field for a malformed body or id', async () => {
    const r = await api('/api/accounts', { method: 'POST', json: { displayName: '', phoneNumberId: 'abc def', wabaId: '1', accessToken: 'x' } });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'validation_error');
    assert.equal((await api('/api/accounts/not-a-uuid', { method: 'DELETE' })).status, 400);
  });
});
