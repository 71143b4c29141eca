import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, removeDataDir } from './embedded.ts';
import { createDb } from './knex.ts';
import { freePort } from '../lib/net.ts';
import { signBody } from '../webhooks/signature.ts';

// Embedded mode (`npm start` with no DATABASE_URL): Postgres is SIGKILLed (a crash, the OOM killer)
// while signed webhooks stream in from a sender that retries every non-200 like Meta. Parley
// restarts its Postgres by itself: ready again within 30 s, and every event is stored exactly once.
const APP_SECRET = randomBytes(16).toString('hex');
const SENDERS = 8;

describe('embedded Postgres supervision', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-supervise-'));
  let child: ChildProcess | null = null;
  let output = '';
  let aborted = false; // the test ended (maybe failed): webhook senders stop retrying
  after(() => {
    aborted = true;
    child?.kill('SIGKILL');
    const pid = postmasterPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    removeDataDir(dataDir);
  });
  const postmasterPid = () => {
    try {
      return Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      return null;
    }
  };

  it('restarts a SIGKILLed Postgres: ready within 30 s, every webhook stored exactly once', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|PARLEY_|ADMIN_|SUPABASE_)/.test(k)));
    child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: { ...env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', META_APP_SECRET: APP_SECRET, SANDBOX_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    const base = `http://127.0.0.1:${port}`;
    const ready = async () => {
      try {
        return (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 600 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(await ready(), `app started:\n${output}`);

    // Meta-like senders: each event is POSTed until it gets a 200, then the next one.
    let seq = 0;
    let generating = true;
    const acked = new Set<string>();
    let failedAttempts = 0;
    const deliver = async (id: string) => {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '1029384750', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1065403520', display_phone_number: '15550000000' }, statuses: [{ id: `wamid.${id}`, status: 'delivered', timestamp: '1700000000', recipient_id: '919000000000' }] } }] }],
      });
      while (!aborted) {
        try {
          const res = await fetch(`${base}/webhooks/meta`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(APP_SECRET, Buffer.from(body)) }, body, signal: AbortSignal.timeout(15_000) });
          await res.arrayBuffer();
          if (res.status === 200) return void acked.add(id);
        } catch {
          /* refused or timed out: retried like Meta */
        }
        failedAttempts++;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const senders = Array.from({ length: SENDERS }, async () => {
      while (generating && !aborted) {
        await deliver(`evt-${++seq}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    });

    await new Promise((r) => setTimeout(r, 2000));
    const pid = postmasterPid();
    assert.ok(pid, 'postmaster.pid names the running Postgres');
    const ackedAtKill = acked.size;
    const killedAt = Date.now();
    process.kill(pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await ready(), false, 'not ready while Postgres is down');
    let backAfterMs = -1;
    while (Date.now() - killedAt < 30_000) {
      if (await ready()) {
        backAfterMs = Date.now() - killedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(backAfterMs >= 0, `ready again within 30 s of the kill; output:\n${output.slice(-3000)}`);
    // The realtime hub's LISTEN connection reconnects too (pool, pg-boss: /readyz above).
    let realtime = false;
    while (!realtime && Date.now() - killedAt < 45_000) {
      realtime = ((await (await fetch(`${base}/readyz`)).json()) as { checks: { realtime: boolean } }).checks.realtime;
      if (!realtime) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(realtime, 'the realtime LISTEN connection is back');
    assert.notEqual(postmasterPid(), pid, 'a new postmaster');
    const ackedAtRecovery = acked.size;
    await new Promise((r) => setTimeout(r, 2000)); // traffic after the recovery
    generating = false;
    await Promise.all(senders);
    assert.ok(acked.size > ackedAtRecovery, 'webhooks are stored again after the restart');

    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
    const db = createDb(`postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${pgPort}/parley`, 1);
    try {
      const rows: Array<{ body: string }> = await db('webhook_events').select('body');
      const stored = new Map<string, number>();
      for (const r of rows) {
        const id = /wamid\.(evt-\d+)/.exec(r.body)?.[1];
        if (id) stored.set(id, (stored.get(id) ?? 0) + 1);
      }
      const missing = [...acked].filter((id) => !stored.has(id));
      const twice = [...stored].filter(([, n]) => n > 1).map(([id]) => id);
      assert.equal(acked.size, seq, 'every event was eventually acknowledged');
      assert.deepEqual(missing, [], 'every acknowledged event is stored');
      assert.deepEqual(twice, [], 'no event stored twice');
      assert.equal(stored.size, seq);
    } finally {
      await db.destroy();
    }

    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'a clean stop after the restart');
    const left = postmasterPid();
    assert.ok(!left || !isAlive(left), 'the restarted Postgres was stopped with the app');
    console.log(`# supervision: ${ackedAtKill} events acked at the kill, ready again after ${backAfterMs} ms, ${seq} events sent (${failedAttempts} refused attempts, retried), each stored once`);
  });
});
