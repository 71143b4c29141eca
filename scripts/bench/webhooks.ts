// npm run bench:webhooks
// Signed WhatsApp status webhooks against the real app (durably stored, 200 returned) versus a
// bare Express POST handler, in the same run and on the same machine; then a fixed 1,000 req/s
// run for tail latency, and the time from POST until the status is applied to the message row.
import type { Request } from 'autocannon';
import { createDb } from '../../server/db/knex.ts';
import { signBody } from '../../server/webhooks/signature.ts';
import { freePort } from '../../server/lib/net.ts';
import { benchDatabase, fmt, load, median, percentile, startChild } from './lib.ts';

const SECRET = 'bench-app-secret-0123456789';
const PNID = '555000111222333';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 64;
const ROUNDS = 3;

let seq = 0;
const sentAt = new Map<string, number>();

function statusBody(wamid: string): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1029384756', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15557654321', phone_number_id: PNID },
      statuses: [{ id: wamid, status: 'delivered', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '919876543210' }],
    } }] }],
  });
}

/** Each request carries a fresh wamid and its own signature, as Meta's would. */
function signedRequest(prefix: string, track: boolean) {
  return (req: Request): Request => {
    const wamid = `wamid.${prefix}.${seq++}`;
    const body = statusBody(wamid);
    if (track) sentAt.set(wamid, Date.now());
    return { ...req, method: 'POST', path: '/webhooks/meta', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(SECRET, body) } };
  };
}

async function main(): Promise<void> {
  const db = await benchDatabase('parley_bench_webhooks');
  const appPort = await freePort();
  const barePort = await freePort();
  const app = await startChild('server/index.ts', {
    DATABASE_URL: db.url, PORT: String(appPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', META_APP_SECRET: SECRET,
    ROLE: process.env.BENCH_ROLE ?? 'all', ENCRYPTION_KEY: 'ab'.repeat(32), JWT_SECRET: 'j'.repeat(32), ADMIN_PASSWORD: 'bench-password-123', SANDBOX_ENABLED: 'false',
  }, appPort, '/readyz');
  const bare = await startChild('scripts/bench/bare-express.ts', { PORT: String(barePort) }, barePort);
  const sql = createDb(db.url, 2);
  try {
    const [ws] = await sql('workspaces').select('id');
    const [num] = await sql('channel_accounts').insert({ workspace_id: ws.id, display_name: 'Bench', external_id: PNID, waba_id: '1', access_token_enc: 'x' }).returning('id');

    // Warm-up (JIT, connection pools), not counted.
    await load({ url: `http://127.0.0.1:${barePort}`, connections: CONNECTIONS, duration: 2, requests: [{ setupRequest: signedRequest('warm', false) }] });
    await load({ url: `http://127.0.0.1:${appPort}`, connections: CONNECTIONS, duration: 2, requests: [{ setupRequest: signedRequest('warm', false) }] });
    const appRps: number[] = [];
    const bareRps: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const b = await load({ url: `http://127.0.0.1:${barePort}`, connections: CONNECTIONS, duration: DURATION, requests: [{ setupRequest: signedRequest('bare', false) }] });
      const a = await load({ url: `http://127.0.0.1:${appPort}`, connections: CONNECTIONS, duration: DURATION, requests: [{ setupRequest: signedRequest(`max${round}`, false) }] });
      if (a.non2xx || a.errors) throw new Error(`app answered ${a.non2xx} non-2xx and ${a.errors} errors`);
      bareRps.push(b.requests.average);
      appRps.push(a.requests.average);
      console.log(`round ${round}: bare express ${fmt(b.requests.average)} req/s, parley ${fmt(a.requests.average)} req/s (p99 ${a.latency.p99} ms)`);
    }
    // Let the processor catch up with the max-throughput rounds before timing status application.
    await waitForDrain(sql, 120_000);

    // Messages for the fixed-rate run, so each status has a row to land on.
    const RATE = 1000;
    const total = RATE * DURATION;
    const first = seq;
    for (let i = 0; i < total; i += 5000) {
      await sql('messages').insert(Array.from({ length: Math.min(5000, total - i) }, (_, j) => ({
        workspace_id: ws.id, account_id: num.id, external_id: `wamid.rate.${first + i + j}`, direction: 'outbound', type: 'template', status: 'sent', status_rank: 10,
      })));
    }
    const fixed = await load({ url: `http://127.0.0.1:${appPort}`, connections: CONNECTIONS, overallRate: RATE, amount: total, requests: [{ setupRequest: signedRequest('rate', true) }] });
    await waitForDrain(sql, 60_000);
    const applied: Array<{ wamid: string; at: number }> = (await sql.raw(
      `select external_id as wamid, extract(epoch from received_at) * 1000 as at from message_status_logs where external_id like 'wamid.rate.%'`,
    )).rows;
    const delays = applied.map((r) => Number(r.at) - sentAt.get(r.wamid)!).filter((d) => Number.isFinite(d));
    const stillSent = Number((await sql('messages').where({ status: 'sent' }).whereLike('external_id', 'wamid.rate.%').count<{ c: string }[]>('* as c'))[0]!.c);

    const ratio = median(appRps) / median(bareRps);
    console.log(`\nfixed ${RATE} req/s for ${DURATION}s: ${fmt(fixed.requests.total / fixed.duration)} req/s achieved, p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms (target < 50 ms), non-2xx ${fixed.non2xx}`);
    console.log(`status applied to the message row: p50 ${fmt(percentile(delays, 50))} ms, p95 ${fmt(percentile(delays, 95))} ms (target < 1000 ms), ${delays.length}/${total} applied, ${stillSent} rows left unapplied`);
    console.log(`median of ${ROUNDS}: parley ${fmt(median(appRps))} req/s stored+acknowledged, bare express ${fmt(median(bareRps))} req/s`);
    console.log(`ratio parley/bare-express: ${fmt(ratio, 2)} x (target >= 0.5)`);
  } finally {
    await sql.destroy();
    await app.stop();
    await bare.stop();
    await db.stop();
  }
}

async function waitForDrain(sql: ReturnType<typeof createDb>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [r] = await sql('webhook_events').where({ state: 'pending' }).count<{ c: string }[]>('* as c');
    if (Number(r!.c) === 0) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error('webhook processor did not drain in time');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
