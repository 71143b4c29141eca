import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedHandle, removeDataDir } from '../db/embedded.ts';
import { ensureDatabase } from '../db/knex.ts';
import { freePort } from '../lib/net.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { META_APP_SECRET, startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { inboundText } from '../test/wa-payloads.ts';
import { signBody } from './signature.ts';

// Fault test: Postgres frozen (SIGSTOP on the postmaster and every backend) for 30 s while a
// standalone Meta simulator delivers signed webhooks and retries failures as Meta does. The app
// must answer /readyz and the webhook within 2 s throughout (503), lose nothing, apply every
// message once, and recover by itself. It freezes its own Postgres server: the shared test server
// must not stop under the other test files.

const PNID = '555000999000111';
const WABA = '770000999000';
const FREEZE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The postmaster and its children (backends, checkpointer, WAL writer...). */
function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

interface Attempt {
  at: string;
  status: number | null;
  ms: number;
}
interface Delivery {
  state: string;
  signature: string;
  updates: number;
  attempts: Attempt[];
}

describe('webhooks while Postgres is frozen for 30 s', () => {
  let dataDir: string;
  let pg: EmbeddedHandle | null = null;
  let sim: RunningSandbox | null = null;
  let app: TestApp | null = null;
  let frozen: number[] = [];
  const thaw = () => {
    for (const pid of frozen) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
    frozen = [];
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-freeze-'));
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: 'freeze-test' });
    const databaseUrl = await ensureDatabase(pg.url, 'parley');
    sim = await startSandbox({
      port: 0,
      appSecret: META_APP_SECRET,
      autoRegister: true,
      statusWebhooks: false,
      // Meta batches too; at one POST a second the simulator's 32 connections never queue, so an
      // attempt's time is the app's answer time, not time spent waiting for a free connection.
      batchIntervalMs: 1_000,
      // Meta's schedule (10 s, 1 min, ...) compressed: retries every 2-4 s.
      webhookRetryScheduleMs: [0, 2_000, 4_000],
      webhookLogSize: 50_000,
    });
    app = await startTestApp({ DATABASE_URL: databaseUrl, META_GRAPH_BASE_URL: sim.graphUrl });
    await sim.sandbox.control.patchKnobs({ webhookUrl: `${app.url}/webhooks/meta` });
    const registered = await sim.sandbox.control.call('POST', '/control/numbers', {
      phone_number_id: PNID, waba_id: WABA, display_phone_number: '+91 98765 00000', verified_name: 'Freeze Test', quality_rating: 'GREEN', access_tokens: ['freeze-token'],
    });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const token = await app.login();
    const n = await app.request('/api/accounts', { method: 'POST', token, json: { displayName: 'Freeze', phoneNumberId: PNID, wabaId: WABA, accessToken: 'freeze-token', sandbox: false } });
    assert.equal(n.status, 201, await n.text());
  });

  after(async () => {
    thaw();
    await app?.stop().catch(() => {});
    await sim?.close().catch(() => {});
    await pg?.stop().catch(() => {});
    removeDataDir(dataDir);
  });

  it('answers 503 within 2 s while frozen, then stores every delivered event and applies every message once', { timeout: 180_000 }, async () => {
    const a = app!;
    const s = sim!;
    const sent: string[] = [];
    let pumping = true;
    const pump = (async () => {
      for (let i = 0; pumping; i++) {
        const r = await s.sandbox.control.call('POST', '/control/inbound', { phone_number_id: PNID, from: `9198765${String(10000 + (i % 500))}`, name: 'Customer', type: 'text', text: `message ${i}` });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        sent.push((r.body as { id: string }).id);
        await sleep(40);
      }
    })();
    await sleep(3_000);

    frozen = postgresProcesses(dataDir);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const frozenAt = Date.now();
    const probes: Array<{ at: number; status: number; ms: number }> = [];
    const posts: Array<{ at: number; status: number; ms: number }> = [];
    const ownBodies = new Set<string>(); // this test's own signed POSTs, not the simulator's
    // A hung answer is cut at 5 s (status 0) so that it fails the checks below instead of the loop.
    const timed = async (out: typeof probes, path: string, init: RequestInit = {}) => {
      const at = Date.now();
      const status = await fetch(`${a.url}${path}`, { ...init, signal: AbortSignal.timeout(5_000) }).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => 0,
      );
      out.push({ at, status, ms: Date.now() - at });
    };
    for (let i = 0; Date.now() - frozenAt < FREEZE_MS; i++) {
      const body = JSON.stringify(inboundText(PNID, '919876588888', `wamid.during.freeze.${i}`, 'hello?'));
      ownBodies.add(signBody(META_APP_SECRET, body));
      const signed = { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(META_APP_SECRET, body) }, body };
      await Promise.all([timed(probes, '/readyz'), timed(posts, '/webhooks/meta', signed)]);
      await sleep(300);
    }
    thaw();
    const thawedAt = Date.now();
    await waitFor('/readyz 200 after the thaw', () => fetch(`${a.url}/readyz`).then((r) => r.status), (st) => st === 200, 30_000);
    const recoveredMs = Date.now() - thawedAt;
    await sleep(2_000);
    pumping = false;
    await pump;

    // Let the simulator finish its retries (run them now rather than on schedule).
    const summary = await waitFor(
      'every delivery settled',
      async () => {
        await s.sandbox.control.flush({ all: true, retry: true });
        return (await s.sandbox.control.call('GET', '/control/webhooks?limit=0')).body as { summary: { in_flight: number; retry_scheduled: number; dropped: number; posts: number; attempts: number; failed_attempts: number; delivered: number }; queued: number };
      },
      (b) => b.summary.in_flight === 0 && b.summary.retry_scheduled === 0 && b.queued === 0,
      60_000,
    );
    const wamidsApplied = async () =>
      Number((await a.ctx.db('messages').whereIn('external_id', sent).count<{ c: string }[]>('* as c'))[0]!.c);
    await waitFor('every sent message applied', wamidsApplied, (n) => n === sent.length, 60_000);

    // During the freeze: every probe and every webhook attempt answered within 2 s, with 503.
    const inFreeze = (at: number, ms: number) => at >= frozenAt + 200 && at + ms <= thawedAt;
    const frozenProbes = probes.filter((p) => inFreeze(p.at, p.ms));
    for (const p of frozenProbes) {
      assert.equal(p.status, 503, `/readyz during the freeze: ${JSON.stringify(p)}`);
      assert.ok(p.ms < 2_000, `/readyz took ${p.ms} ms`);
    }
    assert.ok(frozenProbes.length >= 10, `probes during the freeze: ${frozenProbes.length}`);
    const frozenPosts = posts.filter((p) => inFreeze(p.at, p.ms));
    for (const p of frozenPosts) {
      assert.equal(p.status, 503, `webhook POST during the freeze: ${JSON.stringify(p)}`);
      assert.ok(p.ms < 2_000, `webhook POST took ${p.ms} ms`);
    }
    assert.ok(frozenPosts.length >= 10, `signed POSTs during the freeze: ${frozenPosts.length}`);
    const deliveries = ((await s.sandbox.control.call('GET', '/control/webhooks?limit=50000')).body as { deliveries: Delivery[] }).deliveries;
    assert.equal(deliveries.length, summary.summary.posts, 'the delivery log kept every POST');
    const frozenAttempts = deliveries.flatMap((d) => d.attempts).filter((t) => inFreeze(Date.parse(t.at), t.ms));
    assert.ok(frozenAttempts.length >= 5, `webhook attempts during the freeze: ${frozenAttempts.length}`);
    for (const t of frozenAttempts) {
      assert.equal(t.status, 503, `webhook during the freeze: ${JSON.stringify(t)}`);
      assert.ok(t.ms < 2_000, `webhook answered in ${t.ms} ms: ${JSON.stringify(t)}; freeze ${new Date(frozenAt).toISOString()} to ${new Date(thawedAt).toISOString()}; all: ${frozenAttempts.map((x) => x.ms).join(',')}`);
    }

    // Afterwards: every delivery is stored exactly once, also one that Meta had to send again
    // after a 503 whose write still completed (that late copy is removed).
    assert.equal(summary.summary.dropped, 0);
    assert.ok(deliveries.every((d) => d.state === 'delivered'), 'every delivery ended delivered');
    const stored = new Map<string, number>();
    for (const e of await a.ctx.db('webhook_events').select('body')) {
      const sig = signBody(META_APP_SECRET, e.body);
      if (!ownBodies.has(sig)) stored.set(sig, (stored.get(sig) ?? 0) + 1);
    }
    for (const d of deliveries) {
      const copies = stored.get(d.signature) ?? 0;
      assert.equal(copies, 1, `delivered, stored ${copies} times: ${JSON.stringify(d)}`);
    }
    const signatures = new Set(deliveries.map((d) => d.signature));
    assert.deepEqual([...stored.keys()].filter((sig) => !signatures.has(sig) && !ownBodies.has(sig)), [], 'nothing stored that was not sent');
    const perWamid = await a.ctx.db('messages').whereIn('external_id', sent).groupBy('external_id').select('external_id').count<{ external_id: string; count: string }[]>('* as count');
    assert.equal(perWamid.length, sent.length, 'every message applied');
    assert.ok(perWamid.every((r) => Number(r.count) === 1), 'each message applied once');

    // Recovered without a restart: a signed POST is stored and applied.
    const r = await a.postWebhook(inboundText(PNID, '919876599999', 'wamid.after.freeze', 'still here'));
    assert.equal(r.status, 200);
    await waitFor('the post-freeze message', () => a.ctx.db('messages').where({ external_id: 'wamid.after.freeze' }).first('id'), (m) => !!m);

    const storedTotal = [...stored.values()].reduce((x, y) => x + y, 0);
    const lateRemoved = a.logs.filter((l) => l.includes('written after their 503 removed')).map((l) => JSON.parse(l).events as number).reduce((x, y) => x + y, 0);
    console.log(
      `freeze test: ${sent.length} messages sent in ${summary.summary.posts} webhook POSTs (${summary.summary.attempts} attempts, ${summary.summary.failed_attempts} answered non-200); ` +
        `${storedTotal} events stored, each once (${lateRemoved} late copies of 503-answered writes removed); ${perWamid.length} messages applied once each, 0 lost; ` +
        `freeze ${FREEZE_MS / 1000} s: ${frozenProbes.length} /readyz probes (max ${Math.max(...frozenProbes.map((p) => p.ms))} ms), ${frozenPosts.length} signed POSTs (max ${Math.max(...frozenPosts.map((p) => p.ms))} ms) and ${frozenAttempts.length} simulator attempts (max ${Math.max(...frozenAttempts.map((t) => t.ms))} ms) all 503; ` +
        `/readyz 200 again ${recoveredMs} ms after SIGCONT`,
    );
  });
});
