// npm run bench:campaign — the campaign engine against the standalone simulator (its own process),
// the app in another, printing each point and, last, the ratios:
//  (a) one number capped at 1,000 msg/s: sustained send rate (target >= 950)
//  (b) several numbers, uncapped, sends only: aggregate msg/s vs a raw undici POST loop against the
//      same simulator in the same run (target >= 8,000 msg/s, ratio >= 0.25)
//  (c) adaptive rate against a limit the controller does not know: steady state >= 90% of it with
//      <= 1% 130429 (controller window shortened by RATE_INCREASE_WINDOW_SECONDS)
//  (d) a 100,000-row CSV validated, stored and queued vs csv-parse alone (target <= 3 s, <= 3x)
//      (also alone: `npm run bench:campaign-csv`)
import { Pool } from 'undici';
import { createDb } from '../../server/db/knex.ts';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../../server/secrets/bindings.ts';
import { freePort } from '../../server/lib/net.ts';
import { csvRounds } from './campaign-csv.ts';
import { benchDatabase, campaignFor, fmt, median, sim, startChild, startSim, type CampaignFixture } from './lib.ts';

const KEY = 'cd'.repeat(32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PARTS = process.env.BENCH_PARTS ?? 'abcd'; // e.g. BENCH_PARTS=c to run one point

/** Accepted sends per second over [from, to) seconds after `t0`, sampled from the simulator. */
async function measure(s: ReturnType<typeof sim>, pnids: string[], warmupS: number, windowS: number) {
  const sum = async () => (await Promise.all(pnids.map((p) => s.totals(p)))).reduce((a, t) => ({ requests: a.requests + t.requests, accepted: a.accepted + t.accepted }), { requests: 0, accepted: 0 });
  await new Promise((r) => setTimeout(r, warmupS * 1000));
  const a = await sum();
  const t = Date.now();
  await new Promise((r) => setTimeout(r, windowS * 1000));
  const b = await sum();
  const secs = (Date.now() - t) / 1000;
  return { acceptedPerSec: (b.accepted - a.accepted) / secs, rejectedShare: (b.requests - b.accepted - (a.requests - a.accepted)) / Math.max(1, b.requests - a.requests) };
}

async function rawUndiciLoop(port: number, seconds: number): Promise<number> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 64 });
  const body = JSON.stringify({ messaging_product: 'whatsapp', to: '919876543210', type: 'template', template: { name: 'bench_notice', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }] } });
  let n = 0;
  const end = Date.now() + seconds * 1000;
  const t = Date.now();
  await Promise.all(Array.from({ length: 64 }, async (_, w) => {
    while (Date.now() < end) {
      const r = await pool.request({ method: 'POST', path: `/graph/v23.0/7000000000${w % 10}/messages`, headers: { authorization: 'Bearer raw', 'content-type': 'application/json' }, body });
      await r.body.text();
      if (r.statusCode === 200) n++;
    }
  }));
  await pool.close();
  return n / ((Date.now() - t) / 1000);
}

async function main(): Promise<void> {
  const simPort = await freePort();
  const simProc = await startSim(simPort);
  const s = sim(simPort);
  await s.knobs({ acceptUnknownTemplates: true });
  const database = await benchDatabase('parley_bench_campaign');
  const appPort = await freePort();
  const app = await startChild('server/index.ts', {
    DATABASE_URL: database.url, PORT: String(appPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ENCRYPTION_KEY: KEY, JWT_SECRET: 'j'.repeat(32),
    ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench-password-123', SANDBOX_ENABLED: 'false',
    META_GRAPH_BASE_URL: `http://127.0.0.1:${simPort}/graph/v23.0`, RATE_INCREASE_WINDOW_SECONDS: '3',
  }, appPort, '/readyz');
  const db = createDb(database.url, 2);
  try {
    const login = await fetch(`http://127.0.0.1:${appPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password-123' }) });
    const f: CampaignFixture = { db, key: KEY, workspaceId: (await db('workspaces').first('id')).id, token: ((await login.json()) as { accessToken: string }).accessToken, appUrl: `http://127.0.0.1:${appPort}` };

    const ratios: string[] = [];
    if (PARTS.includes('a')) {
      // (a) one number, simulator limit 1,000 msg/s, number starting at the ceiling
      await s.knobs({ numbers: { '5000000001': { throughputLimit: 1000 } } });
      await campaignFor(f, '5000000001', 1000, 1000 * (SECONDS + 10), 50);
      const a = await measure(s, ['5000000001'], 4, SECONDS);
      console.log(`(a) one number capped at 1,000 msg/s: ${fmt(a.acceptedPerSec)} msg/s sustained over ${SECONDS} s, ${fmt(a.rejectedShare * 100, 2)}% 130429 (target >= 950)`);
      ratios.push(`ratio (a) sustained/cap: ${fmt(a.acceptedPerSec / 1000, 3)} (target >= 0.95)`);
      await db('campaigns').update({ status: 'stopped' });
    }
    if (PARTS.includes('b')) {
      // (b) ten numbers, uncapped, each at the 1,000 msg/s ceiling; then the raw loop
      const pnids = Array.from({ length: 10 }, (_, i) => `600000000${i}`);
      for (const [i, p] of pnids.entries()) await campaignFor(f, p, 1000, 1000 * (SECONDS + 10), 60 + i);
      const b = await measure(s, pnids, 4, SECONDS);
      await db('campaigns').update({ status: 'stopped' });
      await new Promise((r) => setTimeout(r, 2000));
      const raw = await rawUndiciLoop(simPort, SECONDS / 2);
      console.log(`(b) ten numbers uncapped: ${fmt(b.acceptedPerSec)} msg/s aggregate; raw undici loop ${fmt(raw)} req/s (target >= 8,000 msg/s)`);
      ratios.push(`ratio (b) parley/raw-undici: ${fmt(b.acceptedPerSec / raw, 3)} (target >= 0.25)`);
    }
    if (PARTS.includes('c')) {
      // (c) a limit the controller does not know (300 msg/s), starting from 60 msg/s
      await s.knobs({ numbers: { '7000000001': { throughputLimit: 300 } } });
      await campaignFor(f, '7000000001', 60, 300 * (SECONDS * 2 + 90), 70);
      const c = await measure(s, ['7000000001'], 75, SECONDS * 2);
      console.log(`(c) adaptive vs unknown 300 msg/s: steady ${fmt(c.acceptedPerSec)} msg/s = ${fmt((c.acceptedPerSec / 300) * 100, 1)}% of the limit, ${fmt(c.rejectedShare * 100, 2)}% 130429 (target >= 90%, <= 1%)`);
      ratios.push(`ratio (c) steady/limit: ${fmt(c.acceptedPerSec / 300, 3)} (target >= 0.90), 130429 share ${fmt(c.rejectedShare, 4)} (target <= 0.01)`);
      await db('campaigns').update({ status: 'stopped' });
    }
    if (PARTS.includes('d')) {
      // (d) the CSV path, on a number of its own
      const [csvNum] = await db('channel_accounts').insert({ workspace_id: f.workspaceId, display_name: 'CSV', external_id: '8000000001', waba_id: '98', access_token_enc: encryptSecret(Buffer.from(KEY, 'hex'), 'x', ACCOUNT_TOKEN) }).returning('id');
      const [csvTpl] = await db('templates').insert({ workspace_id: f.workspaceId, waba_id: '98', meta_template_id: '98', name: 'bench_csv', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: '[]' }).returning('id');
      const d = await csvRounds(f.appUrl, f.token, csvNum.id, csvTpl.id, db);
      const dParley = median(d.parley);
      const dAlone = median(d.alone);
      console.log(`(d) 100,000-row CSV validated, stored and queued: ${fmt(dParley)} ms (target <= 3000 ms), csv-parse alone ${fmt(dAlone)} ms (median of 3)`);
      ratios.push(`ratio (d) parley/csv-parse: ${fmt(dParley / dAlone, 2)} (target <= 3)`);
    }
    for (const line of ratios) console.log(line);
  } finally {
    await db.destroy();
    await app.stop();
    simProc.kill();
    await database.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
