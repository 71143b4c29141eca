import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../db/knex.ts';
import { freePort } from '../lib/net.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { campaignPhones, seedNumberAndTemplate, startChildApp, uploadCampaign } from '../test/campaign-fixture.ts';
import { createTestDatabase } from '../test/harness.ts';

// kill -9 of the app in the middle of a 20,000-message campaign, then a restart: nothing is lost,
// and the only duplicates are requests that were in flight (sent, not yet recorded) at the kill.
const PNID = '106540352000001';
const WABA = '102938475000001';
const KEY = randomBytes(32).toString('hex');
const N = 20_000;

describe('crash safety', () => {
  let meta: RunningSandbox;
  let db: Db;
  let dbUrl: string;
  let port: number;
  let child: ChildProcess | null = null;

  const startApp = async () => {
    child = (await startChildApp({ databaseUrl: dbUrl, port, encryptionKey: KEY, env: { META_GRAPH_BASE_URL: meta.graphUrl } })).child;
  };
  const accepted = async () => {
    const log = (await (await fetch(`${meta.url}/control/requests?phone_number_id=${PNID}&limit=0`)).json()) as { counts: Record<string, { accepted: number }> };
    return log.counts;
  };

  before(async () => {
    meta = await startSandbox({
      statusWebhooks: false,
      numbers: [{ phone_number_id: PNID, waba_id: WABA, access_tokens: ['EAAG-crash'] }],
      templates: [{ waba_id: WABA, name: 'notice', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello {{1}}' }] }],
    });
    dbUrl = await createTestDatabase();
    port = await freePort();
    await startApp();
    db = createDb(dbUrl, 2);
  });
  after(async () => {
    child?.kill('SIGKILL');
    await db?.destroy();
    await meta?.close();
  });

  it(`loses no contact of a ${N.toLocaleString('en-US')}-message campaign and duplicates only what was in flight`, async () => {
    const { numberId, templateId } = await seedNumberAndTemplate(db, { encryptionKey: KEY, phoneNumberId: PNID, wabaId: WABA, accessToken: 'EAAG-crash', ratePerSecond: 1000 });
    const phones = campaignPhones(8000000000, N);
    const id = await uploadCampaign(`http://127.0.0.1:${port}`, { name: 'Crash test', numberId, templateId, phones });

    const sent = async () => Number((await db('campaign_contacts').where({ campaign_id: id }).whereNotNull('wamid').count<{ c: string }[]>('* as c'))[0]!.c);
    for (let i = 0; i < 600 && (await sent()) < 4000; i++) await new Promise((r) => setTimeout(r, 50));
    child!.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300)); // let the simulator finish what reached it
    const recordedAtKill = await sent();
    const acceptedAtKill = Object.values(await accepted()).reduce((a, c) => a + c.accepted, 0);
    const inFlightAtKill = acceptedAtKill - recordedAtKill;
    assert.ok(recordedAtKill > 0 && recordedAtKill < N, `killed mid-campaign (${recordedAtKill} recorded)`);

    await startApp();
    for (let i = 0; i < 1200; i++) {
      const c = await db('campaigns').where({ id }).first('status');
      if (c.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await db('campaigns').where({ id }).first('status')).status, 'completed');
    const counts = await accepted();
    const lost = phones.filter((p) => !counts[p]?.accepted);
    const duplicates = phones.reduce((a, p) => a + Math.max(0, (counts[p]?.accepted ?? 0) - 1), 0);
    assert.deepEqual(lost, [], 'every contact was sent');
    assert.equal(await sent(), N, 'every contact recorded as sent');
    assert.ok(duplicates <= inFlightAtKill, `${duplicates} duplicates <= ${inFlightAtKill} in flight at the kill`);
    console.log(`# crash: killed at ${recordedAtKill} recorded, ${inFlightAtKill} in flight; after restart ${duplicates} duplicates, 0 lost`);
  });
});
