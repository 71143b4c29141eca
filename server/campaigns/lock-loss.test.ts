import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { campaignPhones, seedNumberAndTemplate, uploadCampaign } from '../test/campaign-fixture.ts';
import { ADMIN, startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { startCampaignRunner } from './runner.ts';

// Exactly one sender per number: when the owner's advisory-lock connection dies (here killed with
// pg_terminate_backend), its sender stops at once and another process takes over. Each of the two
// apps sends to its own simulator, so the request logs show who sent what, and when.
const PNID = '106540352000003';
const WABA = '102938475000003';
const KEY = randomBytes(32).toString('hex');
const N = 3000;

describe('sender lock loss', () => {
  let simA: RunningSandbox;
  let simB: RunningSandbox;
  let a: TestApp;
  let b: TestApp;
  let stopRunnerB: (() => Promise<void>) | null = null;

  const simOptions = {
    statusWebhooks: false,
    requestLogSize: 20_000,
    numbers: [{ phone_number_id: PNID, waba_id: WABA, access_tokens: ['EAAG-lock'] }],
    templates: [{ waba_id: WABA, name: 'notice', language: 'en_US', category: 'UTILITY' as const, status: 'APPROVED' as const, components: [{ type: 'BODY' as const, text: 'Hello {{1}}' }] }],
  };
  const requests = async (sim: RunningSandbox, limit: number) =>
    (await sim.sandbox.control.call('GET', `/control/requests?phone_number_id=${PNID}&limit=${limit}`)).body as {
      matched: number;
      counts: Record<string, { accepted: number }>;
      entries: Array<{ at: string }>;
    };

  before(async () => {
    simA = await startSandbox(simOptions);
    simB = await startSandbox(simOptions);
    a = await startTestApp({ ENCRYPTION_KEY: KEY, META_GRAPH_BASE_URL: simA.graphUrl, SANDBOX_ENABLED: 'false' });
    // A second process on the same database; its runner starts only once A owns the number.
    b = await startTestApp({ DATABASE_URL: a.ctx.databaseUrl, ENCRYPTION_KEY: KEY, META_GRAPH_BASE_URL: simB.graphUrl, SANDBOX_ENABLED: 'false', ROLE: 'web' });
  });
  after(async () => {
    await stopRunnerB?.();
    await b?.stop();
    await a?.stop();
    await simA?.close();
    await simB?.close();
  });

  it('stops the old sender within a second of its lock connection dying; the new owner finishes with 0 lost and 0 duplicates', async () => {
    const db = a.ctx.db;
    const { numberId, templateId } = await seedNumberAndTemplate(db, { encryptionKey: KEY, phoneNumberId: PNID, wabaId: WABA, accessToken: 'EAAG-lock', ratePerSecond: 250 });
    const id = await uploadCampaign(a.url, { name: 'Lock test', numberId, templateId, phones: campaignPhones(6000000000, N), credentials: ADMIN });

    await waitFor('A sending', async () => (await requests(simA, 0)).matched, (n) => n >= 500, 30_000);
    stopRunnerB = startCampaignRunner(b.ctx, { scanMs: 100 });
    await new Promise((r) => setTimeout(r, 300)); // B tries (and fails) to take the lock meanwhile
    assert.equal((await requests(simB, 0)).matched, 0, 'B does not send while A owns the number');

    const killedAt = Date.now();
    const { rows } = await db.raw(`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'parley-sender' and datname = current_database()`);
    assert.ok(rows.length >= 1, 'the owner\'s lock connection was found');

    await waitFor('campaign completed', async () => (await db('campaigns').where({ id }).first('status')).status, (s) => s === 'completed', 60_000);
    const [logA, logB] = [await requests(simA, 1), await requests(simB, 0)];
    const lastA = Date.parse(logA.entries[0]!.at);
    assert.ok(lastA - killedAt < 1000, `A sent its last request ${lastA - killedAt} ms after losing its lock`);
    assert.ok(logB.matched > 0, 'B took over');

    const phones = campaignPhones(6000000000, N);
    const accepted = (p: string) => (logA.counts[p]?.accepted ?? 0) + (logB.counts[p]?.accepted ?? 0);
    const lost = phones.filter((p) => accepted(p) === 0);
    const duplicates = phones.reduce((n, p) => n + Math.max(0, accepted(p) - 1), 0);
    assert.deepEqual(lost, [], 'every contact was sent');
    assert.equal(duplicates, 0, 'no contact was sent twice');
    const c = await db('campaigns').where({ id }).first('sent_count');
    assert.equal(c.sent_count, N, 'each contact recorded as sent once');
    console.log(`# lock loss: A sent ${logA.matched} (last ${lastA - killedAt} ms after the kill), B sent ${logB.matched}; 0 lost, 0 duplicates`);
  });
});
