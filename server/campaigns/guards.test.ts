import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { startDueCampaigns } from './lifecycle.ts';
import { campaignDetailView, campaignListView, failureListView } from './present.ts';
import { startCampaignRunner } from './runner.ts';

// Campaigns that stop, pause and resume by themselves, against the in-app simulator: a deleted
// number, an expired token (190) then a new one, a template Meta does not know (132001), and one
// failed count whichever page or message reports it.
const WABA = '660000000042';
const TEMPLATE = { name: 'notice', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hello {{1}}' }] };

describe('campaign guards', () => {
  let app: TestApp;
  let token: string;
  let noticeId: string;
  let ghostId: string;
  let phantomId: string;
  let nextPnid = 555000901;

  const addNumber = async (name: string, accessToken: string, ratePerSecond: number) => {
    const r = await app.call('POST', '/api/accounts', token, { displayName: name, phoneNumberId: String(nextPnid++), wabaId: WABA, accessToken, sandbox: true });
    assert.equal(r.status, 201, r.text);
    await app.ctx.db('channel_accounts').where({ id: r.body.id }).update({ max_send_rate_per_sec: ratePerSecond });
    return r.body.id as string;
  };
  const upload = async (name: string, numberId: string, templateIds: string[], phones: string[], scheduledAt?: string) => {
    const form = new FormData();
    form.append('name', name);
    form.append('numberId', numberId);
    for (const t of templateIds) form.append('templateIds', t);
    if (scheduledAt) form.append('scheduledAt', scheduledAt);
    form.append('file', new Blob([phones.map((p, i) => `${p},,C${i}`).join('\n')]), 'c.csv');
    const res = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { id: string }).id;
  };
  let phoneSeq = 0;
  const phones = (n: number) => Array.from({ length: n }, () => `9197${String(++phoneSeq).padStart(8, '0')}`);
  const detail = async (id: string) => (await app.call('GET', `/api/campaigns/${id}`, token)).body;
  const waitCampaign = (id: string, ok: (c: any) => boolean, what: string, timeoutMs = 30_000) => // eslint-disable-line @typescript-eslint/no-explicit-any
    waitFor(`campaign ${what}`, async () => (await detail(id)).campaign, ok, timeoutMs);
  const notes = (type: string, id: string) => app.ctx.db('notifications').where({ type, related_entity_id: id });
  /** What a runner scanning every 50 ms finds work for, over `scans` scans. */
  const runnerScans = async (scans: number) => {
    const seen: string[][] = [];
    const stop = startCampaignRunner(app.ctx, { scanMs: 50, onScan: (ids) => seen.push(ids) });
    await waitFor('runner scans', async () => seen.length, (n) => n >= scans);
    await stop();
    return seen;
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const first = await addNumber('Templates', 'sandbox-g0', 60);
    await app.sandbox('POST', '/control/templates', { waba_id: WABA, templates: [TEMPLATE] });
    await app.call('POST', '/api/templates/sync', token, { numberId: first });
    noticeId = (await waitFor('template sync', async () => (await app.ctx.db('templates').where({ name: 'notice' }).first('id'))?.id as string | undefined, Boolean))!;
    // Approved in Parley's database, unknown to Meta: every send of them is refused with 132001.
    const ws = await app.ctx.db('workspaces').first('id');
    const unknownToMeta = async (name: string): Promise<string> =>
      (await app.ctx.db('templates')
        .insert({ workspace_id: ws.id, waba_id: WABA, meta_template_id: name, name, language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: JSON.stringify(TEMPLATE.components) })
        .returning('id'))[0].id;
    ghostId = await unknownToMeta('ghost');
    phantomId = await unknownToMeta('phantom');
    await app.sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 50, read: 100 } });
  });
  after(() => app.stop());

  it('deleting a number ends its running and queued campaigns with the reason and a notification; the runner stops connecting for it', async () => {
    const numberId = await addNumber('Doomed', 'sandbox-d', 2);
    const running = await upload('Doomed running', numberId, [noticeId], phones(60));
    const queued = await upload('Doomed queued', numberId, [noticeId], phones(5));
    await waitCampaign(running, (c) => c.status === 'running' && c.sentCount > 0, 'running');

    assert.equal((await app.call('DELETE', `/api/accounts/${numberId}`, token)).status, 200);
    for (const id of [running, queued]) {
      const c = (await detail(id)).campaign;
      assert.deepEqual([c.status, c.failureReason], ['failed', 'its WhatsApp number was deleted'], c.name);
      const [note] = await notes('campaign_failed', id);
      assert.match(note.message, new RegExp(`^Campaign ${c.name} ended: its WhatsApp number was deleted \\(\\d+ sent, 0 failed\\)$`));
    }
    assert.equal((await app.ctx.db('send_queue').whereIn('campaign_id', [running, queued])).length, 0, 'nothing left to send');
    assert.ok((await runnerScans(5)).every((ids) => !ids.includes(numberId)), 'no sender is started for a deleted number');
  });

  it('a campaign that queues on an inactive number pauses instead of waiting forever; the runner does not connect for it', async () => {
    const numberId = await addNumber('Dormant', 'sandbox-z', 60);
    const id = await upload('Dormant scheduled', numberId, [noticeId], phones(3), '2099-01-01T10:00');
    await app.ctx.db('channel_accounts').where({ id: numberId }).update({ is_active: false, inactive_reason: 'token expired or invalid' });
    await app.ctx.db('campaigns').where({ id }).update({ scheduled_at: new Date(Date.now() - 1000) });
    await startDueCampaigns(app.ctx); // queued on a number that cannot send
    const c = await waitCampaign(id, (x) => x.status !== 'queued', 'settled by the runner');
    assert.deepEqual([c.status, c.pauseKind], ['paused', 'token_expired']);
    assert.ok((await runnerScans(5)).every((ids) => !ids.includes(numberId)));
  });

  it('a 190 pauses all of the number\'s campaigns with "token expired"; a new token that passes its test resumes them, with notifications', async () => {
    const numberId = await addNumber('Expiring', 'sandbox-e', 5);
    const list1 = phones(40);
    const list2 = phones(5);
    const first = await upload('Expiring first', numberId, [noticeId], list1);
    const second = await upload('Expiring second', numberId, [noticeId], list2);
    await waitCampaign(first, (c) => c.status === 'running' && c.sentCount > 0, 'running');

    await app.sandbox('PATCH', '/control/knobs', { expiredTokens: ['sandbox-e'] });
    for (const id of [first, second]) {
      const c = await waitCampaign(id, (x) => x.status === 'paused', 'paused by the expired token');
      assert.equal(c.pauseKind, 'token_expired');
      assert.match(c.failureReason, /^token expired/);
      assert.match((await notes('campaign_paused', id))[0].message, /paused after \d+ sent, 0 failed: token expired/);
    }
    const n = await app.ctx.db('channel_accounts').where({ id: numberId }).first();
    assert.equal(n.is_active, false);
    assert.ok(await app.ctx.db('notifications').where({ type: 'token_expired', related_entity_id: numberId }).first());
    assert.ok((await runnerScans(5)).every((ids) => !ids.includes(numberId)), 'no reconnecting while the token is expired');
    assert.equal((await app.call('POST', `/api/campaigns/${first}/resume`, token)).body.status, 'paused', 'Resume waits for the token');

    await app.sandbox('PATCH', '/control/knobs', { expiredTokens: [] });
    assert.equal((await app.call('PUT', `/api/accounts/${numberId}/token`, token, { accessToken: 'sandbox-e' })).status, 200);
    for (const id of [first, second]) {
      assert.ok((await notes('campaign_resumed', id))[0], 'a notification says it resumed');
      const c = await waitCampaign(id, (x) => x.status === 'completed', 'completed after the new token', 60_000);
      assert.equal(c.failedCount, 0);
    }
    const counts = (await app.sandbox('GET', '/control/requests?limit=0')).counts;
    assert.ok([...list1, ...list2].every((p) => counts[p]?.accepted === 1), 'each contact accepted exactly once');
  });

  it('a campaign whose template Meta does not know pauses itself with the reason, shows its failures grouped, and Resume starts a fresh window', async () => {
    const numberId = await addNumber('Broken', 'sandbox-b', 60);
    const id = await upload('Broken template', numberId, [ghostId], phones(150));
    const paused = await waitCampaign(id, (c) => c.status === 'paused', 'paused by failures');
    assert.equal(paused.pauseKind, 'failures');
    assert.match(paused.failureReason, /^(\d+) of the last \1 sends failed — 132001 Template does not exist$/);
    const [note] = await notes('campaign_paused', id);
    assert.match(note.message, /sends failed — 132001 Template does not exist\. Fix the cause, then Resume$/);
    assert.ok(paused.sentCount + paused.failedCount < 150, 'it stopped before running through every contact');

    await waitFor('in-flight sends recorded', () => app.ctx.db('send_queue').where({ campaign_id: id, state: 'processing' }).first(), (row) => !row);
    const settled = await detail(id);
    const groups = (await app.call('GET', `/api/campaigns/${id}/failures`, token)).body.items;
    assert.deepEqual(groups, [{ code: 132001, title: 'Template does not exist', count: settled.campaign.failedCount }]);

    // Meta knows the template now: the resumed campaign must not pause again on its old failures.
    await app.sandbox('POST', '/control/templates', { waba_id: WABA, templates: [TEMPLATE, { ...TEMPLATE, name: 'ghost' }] });
    assert.equal((await app.call('POST', `/api/campaigns/${id}/resume`, token)).body.status, 'queued');
    const done = await waitCampaign(id, (c) => c.status === 'completed' || c.status === 'paused', 'completed');
    assert.equal(done.status, 'completed', done.failureReason);
    assert.equal(done.sentCount, 150 - settled.campaign.failedCount);
  });

  it('one failed count: sync and webhook-reported failures, each contact once, agree on the list, detail, failures, notification and the contacts', async () => {
    const numberId = await addNumber('Mixed', 'sandbox-m', 2);
    const good = phones(5);
    const refused = phones(5);
    await app.sandbox('PATCH', '/control/knobs', { undeliverable: good.slice(0, 2) }); // async: failed status 131026
    const id = await upload('Mixed failures', numberId, [noticeId, phantomId], [...good, ...refused]); // the second half: 132001 on send
    await waitCampaign(id, (c) => c.status === 'completed', 'completed');
    const d = await waitFor('webhook failures counted', () => detail(id), (x) => x.campaign.failedCount === 7);

    const truth = await app.ctx.db('campaign_contacts').where({ campaign_id: id }).select(app.ctx.db.raw("count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status in ('sent', 'delivered', 'read'))::int as sent")).first();
    // parsed with the published response schemas: the answers are what /api/openapi.json says
    const listed = campaignListView.parse((await app.call('GET', '/api/campaigns', token)).body).items.find((c) => c.id === id)!;
    const groups = failureListView.parse((await app.call('GET', `/api/campaigns/${id}/failures`, token)).body).items;
    const page = campaignDetailView.parse(d);
    assert.deepEqual(truth, { failed: 7, sent: 3 });
    assert.deepEqual([listed.failedCount, listed.sentCount, listed.number.name], [7, 3, 'Mixed'], 'list and summary cards');
    assert.deepEqual([page.stats.failed, page.stats.sent], [7, 3], 'campaign page');
    assert.deepEqual(groups, [
      { code: 132001, title: 'Template does not exist', count: 5 },
      { code: 131026, title: 'Message undeliverable', count: 2 },
    ]);
    const [note] = await notes('campaign_completed', id);
    assert.match(note.message, /completed: 3 sent, 7 failed$/, 'the undeliverable statuses landed before the last send (2 msg/s)');
    await app.sandbox('PATCH', '/control/knobs', { undeliverable: [] });
  });
});
