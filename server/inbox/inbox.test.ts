import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { inboundText } from '../test/wa-payloads.ts';

describe('inbox API', () => {
  let app: TestApp;
  let token: string;
  const numbers: Record<string, string> = {};
  const get = async (path: string) => {
    const res = await app.request(path, { token });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as any;
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    for (const [name, pnid] of [['Sales', '111'], ['Support', '222']]) {
      const [row] = await app.ctx.db('channel_accounts')
        .insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: name, external_id: pnid, waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 't', ACCOUNT_TOKEN) })
        .returning('id');
      numbers[name!] = row.id;
    }
    const day = (d: string) => Math.floor(new Date(d).getTime() / 1000);
    await app.postWebhook(inboundText('111', '919800000001', 'w1', 'Need a quote for 50 units', day('2026-11-01T10:00:00Z')));
    await app.postWebhook(inboundText('222', '919800000002', 'w2', 'Where is my parcel?', day('2026-11-10T10:00:00Z')));
    await app.postWebhook(inboundText('222', '919800000002', 'w3', 'Hello again', day('2026-11-11T10:00:00Z')));
    // a minute either side of midnight in India (18:30 UTC): two IST days, one UTC day
    await app.postWebhook(inboundText('111', '919800000003', 'w4', 'Late on the 20th', day('2026-11-20T18:29:00Z')));
    await app.postWebhook(inboundText('111', '919800000004', 'w5', 'Early on the 21st', day('2026-11-20T18:31:00Z')));
    const deadline = Date.now() + 5000;
    while ((await app.ctx.db('messages')).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  });
  after(() => app.stop());

  it('lists conversations across numbers, newest activity first', async () => {
    const { items } = await get('/api/inbox/conversations');
    assert.deepEqual(items.map((c: any) => [c.number_name, c.contact_phone, c.last_message_preview]), [
      ['Sales', '919800000004', 'Early on the 21st'],
      ['Sales', '919800000003', 'Late on the 20th'],
      ['Support', '919800000002', 'Hello again'],
      ['Sales', '919800000001', 'Need a quote for 50 units'],
    ]);
  });

  it('reads a date filter as days of the app time zone (IST), not UTC', async () => {
    const previews = async (query: string) => (await get(`/api/inbox/conversations?${query}`)).items.map((c: any) => c.last_message_preview);
    assert.deepEqual(await previews('from=2026-11-20&to=2026-11-20'), ['Late on the 20th']);
    assert.deepEqual(await previews('from=2026-11-21&to=2026-11-21'), ['Early on the 21st']);
    assert.deepEqual(await previews('from=2026-11-21'), ['Early on the 21st']);
    assert.deepEqual(await previews('from=2026-11-12&to=2026-11-20'), ['Late on the 20th']);
    // a date-time with an offset is an instant, whatever the zone
    assert.deepEqual(await previews('from=2026-11-20T18:30:00Z&to=2026-11-20T18:32:00Z'), ['Early on the 21st']);
    assert.deepEqual(await previews('from=2026-11-21T00:00:00%2B05:30&to=2026-11-21T00:00:00%2B05:30'), []);
  });

  it('filters by number, by date range and by search', async () => {
    assert.equal((await get(`/api/inbox/conversations?numberId=${numbers.Sales}`)).items.length, 3);
    assert.equal((await get('/api/inbox/conversations?from=2026-11-05&to=2026-11-19')).items[0].number_name, 'Support');
    assert.equal((await get('/api/inbox/conversations?to=2026-11-01')).items[0].number_name, 'Sales');
    assert.equal((await get('/api/inbox/conversations?search=quote')).items.length, 1);
    assert.equal((await get('/api/inbox/conversations?search=9800000002')).items.length, 1);
    assert.equal((await get('/api/inbox/conversations?search=100%25')).items.length, 0);
  });

  it('returns a thread oldest first with statuses', async () => {
    const { items } = await get(`/api/inbox/conversations?numberId=${numbers.Support}`);
    const { conversation, messages } = await get(`/api/inbox/conversations/${items[0].id}/messages`);
    assert.equal(conversation.contact_phone, '919800000002');
    assert.deepEqual(messages.map((m: any) => [m.body, m.direction, m.status]), [
      ['Where is my parcel?', 'inbound', 'received'],
      ['Hello again', 'inbound', 'received'],
    ]);
  });

  it('answers 400 for malformed filters and 404 for an unknown conversation', async () => {
    assert.equal((await app.request('/api/inbox/conversations?from=yesterday', { token })).status, 400);
    assert.equal((await app.request('/api/inbox/conversations?numberId=x', { token })).status, 400);
    assert.equal((await app.request('/api/inbox/conversations/00000000-0000-4000-8000-000000000000/messages', { token })).status, 404);
  });
});
