import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../db/knex.ts';
import { encryptSecret } from '../lib/crypto.ts';
import { NUMBER_TOKEN } from '../secrets/bindings.ts';
import { freePort } from '../lib/net.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
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
    child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ENCRYPTION_KEY: KEY, JWT_SECRET: 'j'.repeat(32), ADMIN_EMAIL: 'crash@example.com', ADMIN_PASSWORD: 'crash-password-1', META_GRAPH_BASE_URL: meta.graphUrl, SANDBOX_ENABLED: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('app did not start');
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
    const ws = await db('workspaces').first('id');
    const [num] = await db('phone_numbers')
      .insert({ workspace_id: ws.id, display_name: 'Crash', phone_number_id: PNID, waba_id: WABA, access_token_enc: encryptSecret(Buffer.from(KEY, 'hex'), 'EAAG-crash', NUMBER_TOKEN), max_send_rate_per_sec: 1000 })
      .returning('id');
    const [tpl] = await db('templates').insert({ workspace_id: ws.id, waba_id: WABA, meta_template_id: '1', name: 'notice', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: JSON.stringify([{ type: 'BODY', text: 'Hello {{1}}' }]) }).returning('id');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'crash@example.com', password: 'crash-password-1' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const form = new FormData();
    form.append('name', 'Crash test');
    form.append('numberId', num.id);
    form.append('templateIds', tpl.id);
    form.append('file', new Blob([Array.from({ length: N }, (_, i) => `91${8000000000 + i},,C${i}`).join('\n')]), 'c.csv');
    const res = await fetch(`http://127.0.0.1:${port}/api/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form });
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };

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
    const phones = Array.from({ length: N }, (_, i) => `91${8000000000 + i}`);
    const lost = phones.filter((p) => !counts[p]?.accepted);
    const duplicates = phones.reduce((a, p) => a + Math.max(0, (counts[p]?.accepted ?? 0) - 1), 0);
    assert.deepEqual(lost, [], 'every contact was sent');
    assert.equal(await sent(), N, 'every contact recorded as sent');
    assert.ok(duplicates <= inFlightAtKill, `${duplicates} duplicates <= ${inFlightAtKill} in flight at the kill`);
    console.log(`# crash: killed at ${recordedAtKill} recorded, ${inFlightAtKill} in flight; after restart ${duplicates} duplicates, 0 lost`);
  });
});
