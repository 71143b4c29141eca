import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { queueCounts } from './queries.ts';
import { startDueCampaigns } from './lifecycle.ts';
import { campaignView } from './present.ts';

// Campaigns sent for real through the in-app simulator: HTTP sends, signed status webhooks back.
const WABA = '660000000001';

describe('campaign sending against the simulator', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  let templateId: string;
  const sandbox = async (method: string, path: string, body?: unknown) =>
    (await fetch(`${app.url}/sandbox${path}`, { method, headers: { 'content-type': 'application/json', 'x-sandbox-token': app.sandboxToken }, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;
  const upload = async (name: string, rows: string[], extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('name', name);
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    form.append('file', new Blob([rows.join('\n')]), 'c.csv');
    const res = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { id: string }).id;
  };
  const phones = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `91${prefix}${String(i).padStart(10 - prefix.length, '0')}`);
  const campaign = async (id: string) => ((await (await app.request(`/api/campaigns/${id}`, { token })).json()) as any);
  const waitStatus = (id: string, status: string, timeoutMs = 60_000) => waitFor(`campaign ${status}`, () => campaign(id), (c) => c.campaign.status === status, timeoutMs);
  const requestsTo = async (recipients: string[]) => {
    const log = await sandbox('GET', `/control/requests?phone_number_id=555000666&limit=0`);
    return recipients.map((r) => log.counts?.[r]?.requests ?? 0);
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const n = await app.request('/api/accounts', { method: 'POST', token, json: { displayName: 'Sender', phoneNumberId: '555000666', wabaId: WABA, accessToken: 'sandbox-s', sandbox: true } });
    numberId = ((await n.json()) as { id: string }).id;
    await sandbox('POST', '/control/templates', { waba_id: WABA, templates: [{ name: 'order_update', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Hi {{1}}, your order {{2}} shipped.' }] }] });
    await app.request('/api/templates/sync', { method: 'POST', token, json: { numberId } });
    templateId = (await waitFor('the synced template', () => app.ctx.db('templates').first('id'), (t) => t !== undefined, 30_000)).id;
    await sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 50, delivered: 100, read: 200 } });
  });
  after(() => app.stop());

  it('sends every valid contact exactly once, records wamids, applies status webhooks, completes and notifies', async () => {
    const list = phones('9100', 40);
    await sandbox('PATCH', '/control/knobs', { undeliverable: [list[3]] });
    const id = await upload('Forty', ['Phone,{{Media}},{{1}},{{2}}', ...list.map((p, i) => `${p},https://cdn.example.com/${i}.jpg,Name${i},ORD-${i}`), '12345,,bad,row']);
    const done = await waitStatus(id, 'completed');
    assert.deepEqual(await requestsTo(list), list.map(() => 1), 'one request per contact');
    assert.equal(done.campaign.sentCount + done.campaign.failedCount, 40, 'each contact counted once (the undeliverable one moves to failed when its webhook lands)');
    assert.equal((await app.ctx.db('send_queue').where({ campaign_id: id })).length, 0, 'queue cleaned');
    assert.equal((await app.ctx.db('campaign_contacts').where({ campaign_id: id })).length, 41, 'contacts kept');
    // Statuses arrive as webhooks after the simulator's delays. A delivery the loaded app answered
    // 503 would come again only after Meta's backoff (10 s, 1 min, 5 min...): have it re-sent now.
    const delivered = async () => {
      await sandbox('POST', '/control/webhooks/flush', { all: true, retry: true });
      return campaign(id);
    };
    const { stats } = await waitFor('39 read and 1 failed from the status webhooks', delivered, (c) => c.stats.read + c.stats.failed >= 40, 90_000);
    assert.deepEqual([stats.total, stats.read, stats.failed], [40, 39, 1], 'statuses from webhooks: 39 read, the undeliverable one failed');
    const failed = await app.ctx.db('campaign_contacts').where({ campaign_id: id, status: 'failed' }).first();
    assert.equal(failed.error_code, 131026);
    const note = await app.ctx.db('notifications').where({ type: 'campaign_completed', related_entity_id: id }).first();
    assert.match(note.message, /Forty completed: (40 sent, 0 failed|39 sent, 1 failed)$/);
    const body = JSON.parse((await sandbox('GET', `/control/requests?recipient=${list[0]}`)).entries[0].body ? JSON.stringify((await sandbox('GET', `/control/requests?recipient=${list[0]}`)).entries[0].body) : '{}');
    assert.deepEqual(body.template?.components?.[1]?.parameters, [{ type: 'text', text: 'Name0' }, { type: 'text', text: 'ORD-0' }]);
  });

  it('retries 130429 after 5 s and still sends everything once accepted', async () => {
    await sandbox('PATCH', '/control/knobs', { throughputLimit: 10, undeliverable: [] });
    const list = phones('9200', 20);
    const id = await upload('Throttled', list.map((p, i) => `${p},https://cdn.example.com/${i}.jpg,N${i},O${i}`));
    const done = await waitStatus(id, 'completed', 60_000);
    await sandbox('PATCH', '/control/knobs', { throughputLimit: null });
    assert.equal(done.campaign.sentCount, 20);
    assert.equal(done.campaign.failedCount, 0);
    const retried = await app.ctx.db('campaign_contacts').where({ campaign_id: id }).where('attempts', '>', 1);
    assert.ok(retried.length > 0, 'some rows needed a retry');
    const accepted = (await sandbox('GET', '/control/requests?phone_number_id=555000666&limit=0')).counts;
    assert.ok(list.every((p) => accepted[p].accepted === 1), 'each contact accepted exactly once');
  });

  it('Stop halts sending; Resume continues without sending anyone twice', async () => {
    const list = phones('9300', 300); // several seconds at the starting rate of 60 msg/s
    const id = await upload('Stoppable', list.map((p, i) => `${p},https://cdn.example.com/${i}.jpg,N${i},O${i}`));
    await waitFor('some sends', () => campaign(id), (c) => c.campaign.sentCount >= 10, 60_000);
    const stop = await app.request(`/api/campaigns/${id}/stop`, { method: 'POST', token });
    assert.equal(stop.status, 200);
    assert.equal(campaignView.parse(await stop.json()).status, 'stopped', 'the answer is the campaign as stopped');
    // The number's sender moves on to a later campaign, which proves it ticked after the stop (a
    // tick that began before it may still send its batch); then the sends in flight get recorded.
    const sendLater = async (prefix: string) => {
      const later = await upload(`While stopped ${prefix}`, phones(prefix, 3).map((p, i) => `${p},https://cdn.example.com/${i}.jpg,N${i},O${i}`));
      await waitStatus(later, 'completed');
      await waitFor('the sends in flight recorded', () => queueCounts(app.ctx.db, id), (q) => q.processing === 0, 30_000);
    };
    await sendLater('9310');
    const paused = (await campaign(id)).campaign.sentCount;
    assert.ok(paused > 0 && paused < 300, `sent ${paused} before stopping`);
    await sendLater('9320');
    assert.equal((await campaign(id)).campaign.sentCount, paused, 'nothing sent while stopped');
    assert.equal((await requestsTo(list)).reduce((a, b) => a + b, 0), paused, 'no request for the stopped campaign beyond those recorded');
    assert.equal((await app.request(`/api/campaigns/${id}/stop`, { method: 'POST', token })).status, 409);
    assert.equal((await app.request(`/api/campaigns/${id}/resume`, { method: 'POST', token })).status, 200);
    await waitStatus(id, 'completed');
    assert.deepEqual(await requestsTo(list), list.map(() => 1));
  });

  it('campaigns on one number run one after another', async () => {
    const first = await upload('First', phones('9500', 30).map((p, i) => `${p},https://cdn.example.com/${i}.jpg,N${i},O${i}`));
    const second = await upload('Second', phones('9600', 30).map((p, i) => `${p},https://cdn.example.com/${i}.jpg,N${i},O${i}`));
    const [a, b] = [(await waitStatus(first, 'completed')).campaign, (await waitStatus(second, 'completed')).campaign];
    assert.ok(new Date(b.startedAt) >= new Date(a.completedAt), `second started ${b.startedAt}, first completed ${a.completedAt}`);
  });

  it('a scheduled campaign whose template got quarantined fails its pre-flight with a notification', async () => {
    const id = await upload('Later', [`919400000001,https://cdn.example.com/x.jpg,A,B`], { scheduledAt: '2099-01-01T10:00' });
    assert.equal((await app.request(`/api/campaigns/${id}`, { method: 'DELETE', token })).status, 204, 'a scheduled campaign can be deleted');
    const id2 = await upload('Later 2', [`919400000001,https://cdn.example.com/x.jpg,A,B`], { scheduledAt: '2099-01-01T10:00' });
    await app.ctx.db('templates').where({ id: templateId }).update({ is_quarantined: true });
    await app.ctx.db('campaigns').where({ id: id2 }).update({ scheduled_at: new Date(Date.now() - 1000) });
    await startDueCampaigns(app.ctx);
    const c = (await campaign(id2)).campaign;
    assert.equal(c.status, 'failed');
    assert.match(c.failureReason, /quarantined/);
    assert.ok(await app.ctx.db('notifications').where({ type: 'campaign_failed', related_entity_id: id2 }).first());
    await app.ctx.db('templates').where({ id: templateId }).update({ is_quarantined: false });
  });
});
