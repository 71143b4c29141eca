// npm run bench:replies — inbound webhook to AI reply, LLM latency 0: p95 of Parley's own overhead
// at 50 new conversations/s (target p95 <= 150 ms), against the standalone simulator (its own
// process; Graph API + OpenAI-compatible /v1) with the app in another.
//
// Design. The bench signs each WhatsApp webhook itself (X-Hub-Signature-256 over the raw body,
// the shape of server/test/wa-payloads.ts inboundText) and POSTs it straight to the app's
// /webhooks/meta on an open-loop 20 ms schedule (50/s, never waiting for answers), one text from a
// distinct new customer each, noting t0 = Date.now() just before the POST. The app stores it, the
// webhook processor ingests it and queues a reply task, the reply worker asks the number's agent
// (the simulator's /v1/responses, latencyMs 0) and POSTs the text reply to the simulator's Graph
// API, which logs `at` (Date.now() of the same machine clock, ms) when it received the request.
// overhead = at - t0 - LLM latency (0; no Graph latency is set, and `at` is taken before it anyway).
// That still holds three unavoidable HTTP hops, which is what the reference measures: in the same
// run, at the same 50/s open-loop rate, the same signed POST to a bare Express handler
// (scripts/bench/bare-express.ts), then the same Responses call with the official openai SDK, then
// a raw undici Graph text POST, one after the other per conversation. Each run uses fresh
// customers (new conversations); median of 3 runs (3 x BENCH_SECONDS s of each), after a
// warm-up run that is not counted. Every reply must arrive; missing ones are reported (exit 1).
import OpenAI from 'openai';
import { Pool } from 'undici';
import { freePort } from '../../server/lib/net.ts';
import { inboundText } from '../../server/test/wa-payloads.ts';
import { signBody } from '../../server/webhooks/signature.ts';
import { benchDatabase, fmt, median, percentile, startChild, startSim } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = 50; // new conversations per second
const RUNS = 3;
const LLM_LATENCY_MS = 0;
const SECRET = 'bench-app-secret-0123456789';
const PNID = '5550001112223';
const REF_PNID = '5550009998887';
const WABA = '102938475610001';
const TOKEN = 'bench-access-token';

async function call(url: string, method: string, body?: object, token?: string): Promise<any> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const phoneOf = (run: number, i: number) => `9198${run}${String(i).padStart(7, '0')}`;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

/** Calls `fn(i)` at RATE/s for `seconds`, open loop; resolves when every call has finished. */
async function openLoop(seconds: number, fn: (i: number) => Promise<void>): Promise<void> {
  const pending: Promise<void>[] = [];
  const start = Date.now() + 50;
  for (let i = 0; i < RATE * seconds; i++) {
    await sleepUntil(start + (i * 1000) / RATE);
    pending.push(fn(i));
  }
  await Promise.all(pending);
}

const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99) });
const show = (s: ReturnType<typeof stats>) => `p50 ${fmt(s.p50)} / p95 ${fmt(s.p95)} / p99 ${fmt(s.p99)} ms`;

async function main(): Promise<void> {
  const simPort = await freePort();
  const simUrl = `http://127.0.0.1:${simPort}`;
  const simProc = await startSim(simPort, 20000);
  await call(`${simUrl}/control/openai/knobs`, 'PATCH', { latencyMs: LLM_LATENCY_MS });
  await call(`${simUrl}/control/knobs`, 'PATCH', { statusWebhooks: false });
  await call(`${simUrl}/control/numbers`, 'POST', { numbers: [PNID, REF_PNID].map((id) => ({ phone_number_id: id, waba_id: WABA, display_phone_number: '+1 555-765-4321', verified_name: 'Bench Ltd', quality_rating: 'GREEN', access_tokens: [TOKEN] })) });
  const database = await benchDatabase('parley_bench_replies');
  const appPort = await freePort();
  const barePort = await freePort();
  const app = await startChild('server/index.ts', {
    DATABASE_URL: database.url, PORT: String(appPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', META_APP_SECRET: SECRET, ENCRYPTION_KEY: 'cd'.repeat(32), JWT_SECRET: 'j'.repeat(32),
    ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench-password-123', SANDBOX_ENABLED: 'false', META_GRAPH_BASE_URL: `${simUrl}/graph/v23.0`,
  }, appPort, '/readyz');
  const bare = await startChild('scripts/bench/bare-express.ts', { PORT: String(barePort) }, barePort);
  const appPool = new Pool(`http://127.0.0.1:${appPort}`, { connections: 64 });
  const barePool = new Pool(`http://127.0.0.1:${barePort}`, { connections: 64 });
  const simPool = new Pool(simUrl, { connections: 64 });
  try {
    const appUrl = `http://127.0.0.1:${appPort}`;
    const { accessToken: jwt } = await call(`${appUrl}/api/auth/login`, 'POST', { email: 'bench@example.com', password: 'bench-password-123' });
    const num = await call(`${appUrl}/api/accounts`, 'POST', { displayName: 'Bench', phoneNumberId: PNID, wabaId: WABA, accessToken: TOKEN, sandbox: false }, jwt);
    await call(`${appUrl}/api/settings/llm`, 'PUT', { apiKey: 'sk-bench', baseUrl: `${simUrl}/v1`, model: 'gpt-bench' }, jwt);
    await call(`${appUrl}/api/credits`, 'POST', { amount: 1_000_000 }, jwt);
    await call(`${appUrl}/api/accounts/${num.id}/agent`, 'PUT', { name: 'Bench', mode: 'system_prompt', systemPrompt: 'Answer briefly.' }, jwt);

    const post = async (pool: Pool, body: string) => {
      const r = await pool.request({ method: 'POST', path: '/webhooks/meta', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(SECRET, body) }, body });
      await r.body.text();
      if (r.statusCode !== 200) throw new Error(`webhook answered ${r.statusCode}`);
    };

    /** The app: webhook in, reply out. Returns the overheads, the ingest acks and how many replies are missing. */
    const appRun = async (run: number, seconds: number) => {
      const t0 = new Map<string, number>();
      const acks: number[] = [];
      await openLoop(seconds, async (i) => {
        const from = phoneOf(run, i);
        const body = JSON.stringify(inboundText(PNID, from, `wamid.bench.${run}.${i}`, `Hello, what are your opening hours? (${i})`));
        const t = Date.now();
        t0.set(from, t);
        await post(appPool, body);
        acks.push(Date.now() - t);
      });
      // Wait on the cheap per-recipient counts, then read the log entries (with `at`) once.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { counts } = await call(`${simUrl}/control/requests?phone_number_id=${PNID}&limit=0`, 'GET');
        if ([...t0.keys()].every((from) => counts[from]?.accepted > 0) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const replied = new Map<string, number>();
      const log = await call(`${simUrl}/control/requests?phone_number_id=${PNID}&outcome=accepted&limit=20000`, 'GET');
      for (const e of log.entries as Array<{ at: string; recipient: string; body: { type?: string } }>) {
        if (e.body?.type === 'text' && t0.has(e.recipient) && !replied.has(e.recipient)) replied.set(e.recipient, Date.parse(e.at));
      }
      // The simulator logs `at` on receipt, before any Graph latency it adds (none is set), so only the LLM's is taken off.
      const overhead = [...replied].map(([from, at]) => at - t0.get(from)! - LLM_LATENCY_MS);
      return { overhead, acks, missing: t0.size - replied.size, sent: t0.size };
    };

    /** The reference: the same three HTTP hops with nothing in between. */
    const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: `${simUrl}/v1`, maxRetries: 0 });
    const refRun = async (run: number, seconds: number) => {
      const chain: number[] = [];
      await openLoop(seconds, async (i) => {
        const from = phoneOf(run, i);
        const body = JSON.stringify(inboundText(PNID, from, `wamid.ref.${run}.${i}`, `Hello, what are your opening hours? (${i})`));
        const t = Date.now();
        await post(barePool, body);
        const r = await openai.responses.create({ model: 'gpt-bench', instructions: 'Answer briefly.', input: [{ role: 'user', content: `Hello, what are your opening hours? (${i})` }], store: false });
        const g = await simPool.request({ method: 'POST', path: `/graph/v23.0/${REF_PNID}/messages`, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: from, type: 'text', text: { body: r.output_text, preview_url: false } }) });
        await g.body.text();
        if (g.statusCode !== 200) throw new Error(`reference Graph POST answered ${g.statusCode}`);
        chain.push(Date.now() - t);
      });
      return chain;
    };

    // Warm-up (JIT, connection pools, the app's LLM and Graph clients), not counted.
    await appRun(0, 5);
    await refRun(0, 5);
    const over95: number[] = [];
    const ref95: number[] = [];
    let missing = 0;
    for (let run = 1; run <= RUNS; run++) {
      const a = await appRun(run, SECONDS);
      const ref = await refRun(run, SECONDS);
      missing += a.missing;
      over95.push(stats(a.overhead).p95);
      ref95.push(stats(ref).p95);
      console.log(`run ${run}: ${a.sent - a.missing}/${a.sent} replies${a.missing ? ` (${a.missing} MISSING)` : ''}; overhead ${show(stats(a.overhead))}; webhook ack ${show(stats(a.acks))}; reference hops ${show(stats(ref))}`);
    }
    const p95 = median(over95);
    const refP95 = median(ref95);
    if (missing) {
      console.log(`${missing} replies never reached the simulator within 60 s`);
      process.exitCode = 1;
    }
    console.log(`median of ${RUNS} runs at ${RATE} conversations/s for ${SECONDS} s: overhead p95 ${fmt(p95)} ms, reference (bare webhook POST + openai SDK + Graph POST) p95 ${fmt(refP95)} ms`);
    console.log(`ratio p95 overhead / reference p95: ${fmt(p95 / refP95, 1)}`);
    console.log(`p95 overhead at ${RATE} conversations/s: ${fmt(p95)} ms (target <= 150 ms)`);
  } finally {
    await Promise.all([appPool.close(), barePool.close(), simPool.close()]);
    await app.stop();
    await bare.stop();
    simProc.kill();
    await database.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
