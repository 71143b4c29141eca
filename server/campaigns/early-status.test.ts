import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';

// Meta reports 'sent' within milliseconds, often before Parley has recorded the send (a batch is
// recorded once all its sends are answered). The simulator here answers each send after 600 ms but
// posts its statuses at once, so every status beats the record: the record must write the contact
// and the message with the best status already logged, count an early failure as failed, and
// leave no status unapplied.
const PNID = '555000888';
const WABA = '660000000888';

describe('statuses that arrive before the send is recorded', () => {
  let app: TestApp;
  let token: string;
  let campaignId: string;
  const phones = ['919870000011', '919870000012', '919870000013', '919870000014'];
  const unreachable = phones[3]!;
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const numberId = (await call('POST', '/api/accounts', { displayName: 'Early', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-e', sandbox: true })).body.id;
    await app.sandbox('POST', '/control/templates', {
      waba_id: WABA,
      templates: [{ name: 'early_note', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}' }] }],
    });
    await call('POST', '/api/templates/sync', { numberId });
    const templateId = (await waitFor('the synced template', () => app.ctx.db('templates').where({ name: 'early_note' }).first('id'), (t) => !!t)).id;
    await app.sandbox('PATCH', '/control/knobs', {
      latency: { fixedMs: 600 },
      statusDelaysMs: { sent: 0, delivered: 0, read: 60_000 },
      undeliverable: [unreachable],
    });
    const form = new FormData();
    form.append('name', 'Early statuses');
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    form.append('file', new Blob([phones.map((p, i) => `${p},,N${i}`).join('\n')]), 'e.csv');
    const res = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    campaignId = ((await res.json()) as { id: string }).id;
    await waitFor('the campaign to complete', async () => (await call('GET', `/api/campaigns/${campaignId}`)).body.campaign.status, (s) => s === 'completed', 30_000);
  });
  after(() => app?.stop());

  it('writes the contact and the message with the status Meta reported first', async () => {
    const contacts: any[] = await app.ctx.db('campaign_contacts').where({ campaign_id: campaignId }).orderBy('row_number');
    const logs: any[] = await app.ctx.db('message_status_logs').whereIn('external_id', contacts.map((c) => c.wamid));
    for (const c of contacts) {
      const mine = logs.filter((l) => l.external_id === c.wamid);
      assert.ok(mine.length >= (c.phone === unreachable ? 1 : 2), `statuses logged for ${c.phone}`);
      assert.ok(mine.every((l) => l.received_at < c.sent_at), `every status for ${c.phone} arrived before its send was recorded`);
      assert.ok(mine.every((l) => l.applied), `and each was applied: ${JSON.stringify(mine.map((l) => [l.status, l.applied]))}`);
      const expected = c.phone === unreachable ? 'failed' : 'delivered';
      assert.equal(c.status, expected, c.phone);
      const m = await app.ctx.db('messages').where({ external_id: c.wamid }).first();
      assert.equal(m.status, expected, `the message of ${c.phone}`);
      assert.equal(m.status_rank, c.status_rank);
      if (expected === 'failed') {
        assert.equal(c.error_code, 131026);
        assert.equal(m.error_code, 131026);
        assert.ok(m.error_title);
      } else assert.equal(m.error_code, null);
    }
  });

  it('counts an early failure as failed, once', async () => {
    const counts = await app.ctx.db('campaigns').where({ id: campaignId }).first('sent_count', 'failed_count');
    assert.deepEqual(counts, { sent_count: 3, failed_count: 1 });
  });
});
