import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../db/knex.ts';
import { freePort } from '../lib/net.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { campaignPhones, seedNumberAndTemplate, startChildApp, uploadCampaign, type ChildApp } from '../test/campaign-fixture.ts';
import { createTestDatabase } from '../test/harness.ts';

// SIGTERM (what PM2 reload sends) in the middle of a campaign whose status webhooks stream back
// from a Meta simulator that retries like Meta, then a restart: the process exits 0 within the
// 10 s bound, every contact is sent exactly once (unlike kill -9 in crash.test.ts, nothing is in
// flight unrecorded), and every webhook POST is stored exactly once (none cut after storing).
const PNID = '106540352000002';
const WABA = '102938475000002';
const KEY = randomBytes(32).toString('hex');
const APP_SECRET = randomBytes(16).toString('hex');
const N = 5000;

describe('graceful shutdown', () => {
  let meta: RunningSandbox;
  let db: Db;
  let dbUrl: string;
  let port: number;
  let child: ChildProcess | null = null;
  let app: ChildApp | null = null;

  const startApp = async () => {
    app = await startChildApp({ databaseUrl: dbUrl, port, encryptionKey: KEY, env: { META_APP_SECRET: APP_SECRET, META_GRAPH_BASE_URL: meta.graphUrl } });
    child = app.child;
  };
  const webhookSummary = async () => (await meta.sandbox.control.call('GET', '/control/webhooks?limit=0')).body as { queued: number; summary: { posts: number; delivered: number; dropped: number; failed_attempts: number; in_flight: number; retry_scheduled: number } };

  before(async () => {
    meta = await startSandbox({
      numbers: [{ phone_number_id: PNID, waba_id: WABA, access_tokens: ['EAAG-stop'] }],
      templates: [{ waba_id: WABA, name: 'notice', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello {{1}}' }] }],
      appSecret: APP_SECRET,
      // Many small webhook POSTs, so some are always being stored when SIGTERM lands, and statuses
      // keep coming for 1.5 s after the last send: through the drain and while Parley is down.
      batchMax: 20,
      batchIntervalMs: 10,
      statusDelaysMs: { sent: 20, delivered: 300, read: 1500 },
      webhookRetryScheduleMs: [300, 1000],
      webhookLogSize: 100_000,
    });
    dbUrl = await createTestDatabase();
    port = await freePort();
    await meta.sandbox.control.patchKnobs({ webhookUrl: `http://127.0.0.1:${port}/webhooks/meta` });
    await startApp();
    db = createDb(dbUrl, 2);
  });
  after(async () => {
    child?.kill('SIGKILL');
    await db?.destroy();
    await meta?.close();
  });

  it(`SIGTERM mid-campaign exits 0 within 10 s; after a restart every contact was sent once and every webhook stored once`, async () => {
    const { numberId, templateId } = await seedNumberAndTemplate(db, { encryptionKey: KEY, phoneNumberId: PNID, wabaId: WABA, accessToken: 'EAAG-stop', ratePerSecond: 1000 });
    const phones = campaignPhones(7000000000, N);
    const id = await uploadCampaign(`http://127.0.0.1:${port}`, { name: 'Shutdown test', numberId, templateId, phones });

    const sent = async () => Number((await db('campaign_contacts').where({ campaign_id: id }).whereNotNull('wamid').count<{ c: string }[]>('* as c'))[0]!.c);
    for (let i = 0; i < 600 && (await sent()) < 1500; i++) await new Promise((r) => setTimeout(r, 50));
    const webhooksBefore = (await webhookSummary()).summary;
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    const t0 = Date.now();
    child!.kill('SIGTERM');
    const code = await exited;
    const tookMs = Date.now() - t0;
    const recordedAtStop = await sent();
    assert.equal(code, 0, `exit code 0 after SIGTERM; output:\n${app?.output()}`);
    assert.ok(tookMs < 11_000, `stopped in ${tookMs} ms`);
    assert.ok(recordedAtStop > 0 && recordedAtStop < N, `stopped mid-campaign (${recordedAtStop} recorded)`);
    assert.ok(webhooksBefore.delivered > 0, 'status webhooks were flowing at the stop');

    await startApp();
    for (let i = 0; i < 1200; i++) {
      const c = await db('campaigns').where({ id }).first('status');
      if (c.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await db('campaigns').where({ id }).first('status')).status, 'completed');
    const counts = ((await meta.sandbox.control.call('GET', `/control/requests?phone_number_id=${PNID}&limit=0`)).body as { counts: Record<string, { accepted: number }> }).counts;
    const lost = phones.filter((p) => !counts[p]?.accepted);
    const duplicates = phones.reduce((a, p) => a + Math.max(0, (counts[p]?.accepted ?? 0) - 1), 0);
    assert.deepEqual(lost, [], 'every contact was sent');
    assert.equal(duplicates, 0, 'no contact was sent twice');
    assert.equal(await sent(), N, 'every contact recorded as sent');

    // Every status webhook delivered (retried until 200), each stored exactly once.
    let wh = await webhookSummary();
    for (let i = 0; i < 300 && (wh.queued > 0 || wh.summary.in_flight > 0 || wh.summary.retry_scheduled > 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
      wh = await webhookSummary();
    }
    assert.equal(wh.summary.dropped, 0);
    assert.ok(wh.summary.failed_attempts > 0, 'some webhook POSTs met the stopped app and were retried');
    assert.equal(wh.summary.delivered, wh.summary.posts, `every webhook POST delivered: ${JSON.stringify(wh)}`);
    const [stored] = await db('webhook_events').select(db.raw('count(*)::int as total'), db.raw('count(distinct body)::int as distinct'));
    assert.equal(stored.distinct, wh.summary.posts, 'every delivered webhook stored');
    assert.equal(stored.total - stored.distinct, 0, 'no webhook stored twice');
    console.log(`# shutdown: SIGTERM at ${recordedAtStop} recorded, exited 0 in ${tookMs} ms; after restart 0 duplicates, 0 lost; webhooks ${wh.summary.posts} posted (${wh.summary.failed_attempts} refused while stopping or down, retried), ${stored.total} stored, 0 stored twice`);
  });
});
