import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { dayInZone } from '../lib/time.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { rateSeriesView } from '../campaigns/present.ts';
import { overviewView, type DayCounts } from './present.ts';
import { dailyRollupRows } from './queries.ts';

const WABA = '660000000414';
const PNID = '555000414';

/** Waits until `read` gives something `ok` accepts (conditions, not sleeps). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Home: checklist, daily rollups, campaign rate and funnel', () => {
  let app: TestApp;
  let token: string;
  let campaignId: string;
  const get = async (path: string) => {
    const r = await app.call('GET', path, token);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const ticked = async () => Object.fromEntries(((await get('/api/home/checklist')).items as Array<{ key: string; done: boolean }>).map((i) => [i.key, i.done]));
  const seedNumber = async (name: string, pnid: string) =>
    (await app.ctx.db('channel_accounts').insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: name, external_id: pnid, waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 't', ACCOUNT_TOKEN) }).returning('id'))[0].id as string;
  const seedCampaign = async (numberId: string) =>
    (await app.ctx.db('campaigns').insert({ workspace_id: app.ctx.defaultWorkspaceId, number_id: numberId, name: 'seeded', status: 'completed' }).returning('id'))[0].id as string;
  let row = 0;
  const seedContacts = (campaignId: string, rows: Array<{ status: string; sent_at?: string; status_at?: string; wamid?: string }>) =>
    app.ctx.db('campaign_contacts').insert(rows.map((r) => ({ campaign_id: campaignId, row_number: ++row, phone: '919800000000', sent_at: r.sent_at ?? null, status_at: r.status_at ?? r.sent_at ?? null, status: r.status, wamid: r.wamid ?? null })));
  const seedOutbound = (numberId: string, rows: Array<{ status: string; sent_at: string; wamid: string; direction?: string }>) =>
    app.ctx.db('messages').insert(rows.map((r) => ({ workspace_id: app.ctx.defaultWorkspaceId, account_id: numberId, external_id: r.wamid, direction: r.direction ?? 'outbound', type: 'text', body: 'x', status: r.status, sent_at: r.sent_at, created_at: r.sent_at })));

  before(async () => {
    app = await startTestApp();
    token = await app.login();
  });
  after(() => app.stop());

  it('ticks each getting-started step once the data shows it done', async () => {
    assert.deepEqual(await get('/api/home/checklist'), {
      complete: false,
      items: [
        { key: 'number', title: 'Add a WhatsApp number', detail: 'Connect a Cloud API number, or tick “Sandbox number” to try Parley against the built-in simulator.', href: '/channels', done: false },
        { key: 'templates', title: 'Sync message templates', detail: 'Fetch the number’s approved templates from Meta; campaigns send only those.', href: '/templates', done: false },
        { key: 'campaign', title: 'Create a campaign', detail: 'Upload a CSV of contacts and pick the templates to send.', href: '/campaigns/new', done: false },
        { key: 'replies', title: 'Set an agent or a keyword rule', detail: 'Answer customers automatically: an AI agent per number, or keyword rules.', href: '/agents', done: false },
      ],
    });

    const n = await app.call('POST', '/api/accounts', token, { displayName: 'Promo', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-h', sandbox: true });
    assert.equal(n.status, 201, n.text);
    const numberId = n.body.id as string;
    assert.deepEqual(await ticked(), { number: true, templates: false, campaign: false, replies: false }, 'a number without a prompt has no agent yet');

    await app.sandbox('POST', '/control/templates', { waba_id: WABA, templates: [{ name: 'order_update', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}' }] }] });
    assert.equal((await app.call('POST', '/api/templates/sync', token, { numberId })).status < 300, true);
    await until(ticked, (t) => t.templates === true, 'templates ticked');

    const rule = await app.call('POST', '/api/rules', token, { name: 'Hours', keywords: ['hours'], reply: 'We open at 9.' });
    assert.equal(rule.status, 201, rule.text);
    assert.deepEqual(await ticked(), { number: true, templates: true, campaign: false, replies: true });

    await app.sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 50, read: 100 } });
    const templateId = (await app.ctx.db('templates').first('id')).id;
    const form = new FormData();
    form.append('name', 'Rate chart');
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    form.append('file', new Blob([Array.from({ length: 30 }, (_, i) => `9198${String(i).padStart(8, '0')},,Name ${i}`).join('\n')]), 'c.csv');
    const created = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(created.status, 201, await created.clone().text());
    campaignId = ((await created.json()) as { id: string }).id;
    const done = await get('/api/home/checklist');
    assert.equal(done.complete, true);
    assert.ok(done.items.every((i: { done: boolean }) => i.done));
  });

  it('charts the campaign send rate against the learned rate, and its funnel; the export writes IST times', async () => {
    const detail = await until(() => get(`/api/campaigns/${campaignId}`), (d) => d.campaign.status === 'completed' && d.stats.read === 30, 'campaign completed and read');
    assert.deepEqual([detail.stats.sent, detail.stats.delivered, detail.stats.read, detail.stats.failed], [30, 30, 30, 0]);
    const rate = rateSeriesView.parse(await get(`/api/campaigns/${campaignId}/rate`));
    assert.equal(rate.bucketSeconds, 5);
    assert.ok(rate.points.length >= 1);
    assert.equal(rate.points.reduce((sum, p) => sum + p.sentPerSecond * rate.bucketSeconds, 0), 30, 'every accepted send counted once');
    const number = await app.ctx.db('channel_accounts').where({ external_id: PNID }).first('max_send_rate_per_sec');
    assert.equal(rate.points.at(-1)!.learnedRate, number.max_send_rate_per_sec, 'the learned rate is the one the sender persisted');
    for (const p of rate.points) assert.match(p.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);

    const other = await app.call('GET', '/api/campaigns/00000000-0000-4000-8000-000000000000/rate', token);
    assert.equal(other.status, 404);
    assert.equal((await app.call('GET', '/api/campaigns/nope/rate', token)).status, 400);

    const csv = await (await app.request(`/api/campaigns/${campaignId}/results.csv`, { token })).text();
    const lines = csv.trim().split('\r\n');
    assert.equal(lines.length, 31);
    // Row, Phone, Status, Error code, Error, WhatsApp message id, Sent at, Status at
    const [sentAt, statusAt] = lines[1]!.split(',').slice(6);
    for (const at of [sentAt, statusAt]) assert.match(at!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/);
  });

  it('rolls sends up per number and IST day: 20:00 UTC is the next day in India; each send counted once', async () => {
    const a = await seedNumber('Rollup A', '414001');
    const b = await seedNumber('Rollup B', '414002');
    const c = await seedCampaign(a);
    await seedContacts(c, [
      { status: 'read', sent_at: '2025-01-14T18:29:00Z' }, // 23:59 IST on the 14th
      { status: 'delivered', sent_at: '2025-01-14T20:00:00Z', wamid: 'wamid.rollup.2' }, // 01:30 IST on the 15th
      { status: 'failed', status_at: '2025-01-14T19:00:00Z' }, // refused when sent: 00:30 IST on the 15th
      { status: 'failed', sent_at: '2025-01-14T10:00:00Z' }, // accepted, then failed by webhook
      { status: 'sent', sent_at: '2025-01-13T18:29:59Z' }, // 23:59:59 IST on the 13th: before the period
      { status: 'queued' },
      { status: 'invalid' },
    ]);
    await seedOutbound(b, [
      { status: 'sent', sent_at: '2025-01-14T18:31:00Z', wamid: 'wamid.reply.1' }, // an auto-reply, 00:01 IST on the 15th
      { status: 'read', sent_at: '2025-01-14T12:00:00Z', wamid: 'wamid.reply.2' },
      { status: 'received', sent_at: '2025-01-14T12:00:00Z', wamid: 'wamid.inbound.1', direction: 'inbound' },
    ]);
    await seedOutbound(a, [{ status: 'delivered', sent_at: '2025-01-14T20:00:00Z', wamid: 'wamid.rollup.2' }]); // the campaign send, also in the thread

    const rollup = async (timeZone: string) =>
      (await dailyRollupRows(app.ctx.db, app.ctx.defaultWorkspaceId, '2025-01-14', timeZone))
        .filter((r) => r.number_id === a || r.number_id === b)
        .map((r) => `${r.number_id === a ? 'A' : 'B'} ${r.day} sent ${r.sent} delivered ${r.delivered} read ${r.read} failed ${r.failed}`)
        .sort();
    assert.deepEqual(await rollup('Asia/Kolkata'), [
      'A 2025-01-14 sent 1 delivered 1 read 1 failed 1',
      'A 2025-01-15 sent 1 delivered 1 read 0 failed 1',
      'B 2025-01-14 sent 1 delivered 1 read 1 failed 0',
      'B 2025-01-15 sent 1 delivered 0 read 0 failed 0',
    ]);
    // the same sends by UTC days: all on the 14th, and the 13th's last second now inside the period
    assert.deepEqual(await rollup('UTC'), ['A 2025-01-14 sent 2 delivered 2 read 1 failed 2', 'B 2025-01-14 sent 2 delivered 1 read 1 failed 0']);
  });

  it('gives Home its overview: campaign counts, every number every day of the period, totals that are the sum', async () => {
    const numberId = await seedNumber('Overview', '414003');
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    await seedContacts(await seedCampaign(numberId), [
      { status: 'read', sent_at: threeDaysAgo.toISOString() },
      { status: 'delivered', sent_at: threeDaysAgo.toISOString() },
      { status: 'failed', status_at: threeDaysAgo.toISOString() },
    ]);
    const o = overviewView.parse(await get('/api/home/overview?days=7'));
    assert.equal(o.timeZone, 'Asia/Kolkata');
    assert.equal(o.days.length, 7);
    assert.ok(o.days.includes(dayInZone(threeDaysAgo, 'Asia/Kolkata')));
    assert.deepEqual(o.campaigns, { total: 3, active: 0, scheduled: 0, completed: 3 }, 'the live campaign and two seeded ones');
    const mine = o.numbers.find((n) => n.id === numberId)!;
    assert.deepEqual(mine.daily.find((d) => d.day === dayInZone(threeDaysAgo, 'Asia/Kolkata')), { day: dayInZone(threeDaysAgo, 'Asia/Kolkata'), sent: 2, delivered: 2, read: 1, failed: 1 });
    for (const n of o.numbers) assert.deepEqual(n.daily.map((d) => d.day), o.days);
    const sum = (k: keyof DayCounts) => o.numbers.reduce((s, n) => s + n.daily.reduce((t, d) => t + d[k], 0), 0);
    assert.deepEqual([o.totals.sent, o.totals.delivered, o.totals.read, o.totals.failed], [sum('sent'), sum('delivered'), sum('read'), sum('failed')]);
    assert.ok(o.totals.sent >= 32, 'the live campaign (30) and the seeded sends');
    assert.equal(o.totals.deliveryRate, o.totals.delivered / o.totals.sent);

    for (const bad of ['days=0', 'days=91', 'days=two', 'days=1.5']) {
      const r = await app.call('GET', `/api/home/overview?${bad}`, token);
      assert.equal(r.status, 400, `${bad}: ${r.text}`);
      assert.match(r.body.error.message, /days/);
    }
  });
});
