// npm run bench:widget — the web chat at load: 1,000 connected visitors, 50 visitor messages/s
// answered by a keyword rule. Target: round trip p95 < 200 ms; also the app's memory per idle
// visitor connection.
//
// Design. The app runs in its own process (ROLE=all: API, reply worker and streams together, as
// the quick start runs it) on a throwaway Postgres; a widget and a rule ("price" -> a fixed
// answer) are made through the API. Each visitor gets a session as the widget does
// (POST /api/widget/session, its own address in X-Forwarded-For as behind nginx) and holds its
// stream (GET /api/widget/stream, SSE, the token in the Authorization header). Warm-up: every
// visitor says hello once (their conversation exists before timing). Then, open-loop on a 20 ms
// schedule (50/s, never waiting for answers), the next visitor in turn sends "price ...":
// round trip = from just before its POST to the rule's answer on that visitor's stream.
// Reference, same run, same visitors and schedule: a bare echo over the same transport
// (scripts/bench/echo-sse.ts: a POST written back on that visitor's SSE stream, no database).
// Memory: the process's live memory (heap in use plus buffers, after a full collection, through
// scripts/bench/memory-probe.cjs) with every stream closed, and again with all of them open and
// idle for 5 s: the difference over the number of streams. Median of 3 runs per side
// (BENCH_SECONDS each, default 20), p95 per run. Every answer must arrive (exit 1 otherwise).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'undici';
import { createDb } from '../../server/db/knex.ts';
import { freePort } from '../../server/lib/net.ts';
import { benchDatabase, fmt, median, percentile, startChild } from './lib.ts';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RUNS = 3;
const TARGET_MS = 200;
const ORIGIN = 'https://shop.example.com';
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };
const ANSWER = 'Our plans start at Rs 499 a month.';

const dispatcher = new Agent({ connections: VISITORS * 2 + 64, bodyTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 60_000 });

interface Visitor {
  ip: string;
  /** The app's bearer token, or the echo's visitor id. */
  id: string;
  waiting: { t0: number; done: (ms: number) => void } | null;
  close: () => void;
}

interface Side {
  name: string;
  base: string;
  pid: number;
  /** Opens a visitor's stream; resolves once it said `ready`. */
  connect(v: Visitor): Promise<void>;
  send(v: Visitor, text: string): Promise<void>;
  /** Why a message got no answer, when the side can tell. */
  diagnose?(text: string): Promise<string>;
  /** Where the round trips went: p95 of each stage, from the database's timestamps. */
  breakdown?(samples: Sample[]): Promise<string>;
}

/** One round trip in wall-clock ms (the database's clock is the same machine's). */
interface Sample {
  text: string;
  sentAt: number;
  answeredAt: number;
}

async function json(base: string, method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const r = await request(`${base}${path}`, { method, dispatcher, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.body.text();
  if (r.statusCode >= 300) throw new Error(`${method} ${path}: ${r.statusCode} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Reads an SSE body, calling `onEvent` per event; resolves `ready` at the first event. */
async function readStream(path: string, base: string, headers: Record<string, string>, v: Visitor, onEvent: (event: string, data: string) => void): Promise<void> {
  const abort = new AbortController();
  v.close = () => abort.abort();
  const r = await request(`${base}${path}`, { method: 'GET', dispatcher, headers, signal: abort.signal });
  if (r.statusCode !== 200) throw new Error(`stream answered ${r.statusCode}: ${await r.body.text()}`);
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  let buffered = '';
  r.body.setEncoding('utf8');
  r.body.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (block.startsWith(':')) continue; // a ping
      ready();
      onEvent(event, data);
    }
  });
  r.body.on('error', () => {}); // aborted at the end
  await isReady;
}

function answered(v: Visitor, event: string, data: string): void {
  if (event !== 'message' || !v.waiting) return;
  const m = JSON.parse(data) as { from: string; text: string | null };
  if (m.from !== 'business') return;
  const w = v.waiting;
  v.waiting = null;
  w.done(performance.now() - w.t0);
}

const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function appSide(): Promise<{ side: Side; visitors: Visitor[]; stop(): Promise<void> }> {
  const database = await benchDatabase('parley_bench_widget');
  const port = await freePort();
  const app = await startChild('server/index.ts', {
    DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ENCRYPTION_KEY: 'cd'.repeat(32), JWT_SECRET: 'j'.repeat(32),
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SANDBOX_ENABLED: 'false', TRUST_PROXY: 'loopback',
  }, port, '/readyz');
  const base = `http://127.0.0.1:${port}`;
  const { accessToken } = await json(base, 'POST', '/api/auth/login', ADMIN);
  const auth = { authorization: `Bearer ${accessToken}` };
  const widget = await json(base, 'POST', '/api/webchat/widgets', { name: 'Bench shop', allowedOrigins: [ORIGIN] }, auth);
  await json(base, 'POST', '/api/rules', { name: 'Price', keywords: ['price'], reply: ANSWER }, auth);
  const visitors: Visitor[] = [];
  for (let i = 0; i < VISITORS; i++) {
    const ip = ipOf(i + 1);
    const s = await json(base, 'POST', '/api/widget/session', { key: widget.key, origin: ORIGIN }, { 'x-forwarded-for': ip });
    visitors.push({ ip, id: s.token, waiting: null, close: () => {} });
  }
  const side: Side = {
    name: 'Parley',
    base,
    pid: app.child.pid!,
    connect: (v) => readStream('/api/widget/stream', base, { authorization: `Bearer ${v.id}`, 'x-forwarded-for': v.ip }, v, (e, d) => answered(v, e, d)),
    send: async (v, text) => {
      await json(base, 'POST', '/api/widget/messages', { clientId: randomUUID(), text }, { authorization: `Bearer ${v.id}`, 'x-forwarded-for': v.ip });
    },
  };
  const db = createDb(database.url, 1);
  side.diagnose = async (text) => {
    const m = await db('messages').where({ body: text }).first('id', 'conversation_id', 'created_at');
    if (!m) return 'the message was not stored';
    const task = await db('reply_tasks').where({ message_id: m.id }).first('state', 'attempts');
    const log = await db('reply_logs').where({ inbound_message_id: m.id }).first('outcome', 'detail', 'reply_message_id', 'created_at');
    const reply = log?.reply_message_id ? await db('messages').where({ id: log.reply_message_id }).first('status', 'created_at') : null;
    return JSON.stringify({ stored: m.created_at, task, log, reply });
  };
  side.breakdown = async (samples) => {
    const { rows } = await db.raw(
      `select m.body, extract(epoch from m.created_at) * 1000 as stored, extract(epoch from t.created_at) * 1000 as logged, extract(epoch from r.created_at) * 1000 as replied
         from messages m join reply_logs t on t.inbound_message_id = m.id join messages r on r.id = t.reply_message_id
        where m.body = any(?)`,
      [samples.map((x) => x.text)],
    );
    const at = new Map((rows as Array<{ body: string; stored: number; logged: number; replied: number }>).map((r) => [r.body, r]));
    const stage = (f: (x: Sample, r: { stored: number; logged: number; replied: number }) => number) =>
      fmt(percentile(samples.filter((x) => at.has(x.text)).map((x) => f(x, at.get(x.text)!)), 95), 1);
    return `POST to stored ${stage((x, r) => r.stored - x.sentAt)} ms, stored to reply recorded ${stage((_, r) => r.replied - r.stored)} ms, ` +
      `reply recorded to the visitor's stream ${stage((x, r) => x.answeredAt - r.replied)} ms (p95 of each)`;
  };
  return { side, visitors, stop: async () => { await db.destroy(); await app.stop(); await database.stop(); } };
}

async function echoSide(): Promise<{ side: Side; visitors: Visitor[]; stop(): Promise<void> }> {
  const port = await freePort();
  const echo = await startChild('scripts/bench/echo-sse.ts', { PORT: String(port) }, port, '/healthz');
  const base = `http://127.0.0.1:${port}`;
  const visitors: Visitor[] = Array.from({ length: VISITORS }, (_, i) => ({ ip: ipOf(i + 1), id: `v${i}`, waiting: null, close: () => {} }));
  const side: Side = {
    name: 'bare echo',
    base,
    pid: echo.child.pid!,
    connect: (v) => readStream(`/stream?v=${v.id}`, base, {}, v, (e, d) => answered(v, e, d)),
    send: async (v, text) => {
      const r = await request(`${base}/send?v=${v.id}`, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      await r.body.text();
    },
  };
  return { side, visitors, stop: () => echo.stop() };
}

const PROBE_DIR = mkdtempSync(join(tmpdir(), 'parley-bench-memory-'));
// Both servers get the probe: a full collection, then their live memory, on request.
process.env.BENCH_NODE_ARGS = `${process.env.BENCH_NODE_ARGS ?? ''} --expose-gc --require ${resolve('scripts/bench/memory-probe.cjs')}`.trim();
process.env.MEMORY_PROBE_DIR = PROBE_DIR;

/** The server's memory after a full collection, in kB: heap in use plus buffers outside it. */
async function liveKb(pid: number): Promise<number> {
  const file = join(PROBE_DIR, `memory-${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(50);
  const m = JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; external: number; arrayBuffers: number };
  return (m.heapUsed + m.external) / 1024;
}

/** CPU time (user + system) the process has used, in ms. */
const cpuMs = (pid: number | 'self') => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
};
/** CPU time of every Postgres process on the machine, in ms (the bench's database runs alone). */
const postgresCpuMs = () => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(Number(pid));
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Live kB per idle stream (after a full collection): all closed, then all open for 5 s. */
async function memoryPerStream(side: Side, visitors: Visitor[]): Promise<number> {
  for (const v of visitors) v.close();
  await sleep(3000);
  const before = median([await liveKb(side.pid), await liveKb(side.pid), await liveKb(side.pid)]);
  for (let i = 0; i < visitors.length; i += 50) await Promise.all(visitors.slice(i, i + 50).map((v) => side.connect(v)));
  await sleep(5000);
  const after = median([await liveKb(side.pid), await liveKb(side.pid), await liveKb(side.pid)]);
  return (after - before) / visitors.length;
}

/** One timed run: RATE sends a second for SECONDS, visitors in turn; p95 of the round trips. */
async function run(side: Side, visitors: Visitor[], label: string, startAt: number): Promise<{ p95: number; p50: number; sent: number; stages: string | null; cpu: number; others: string }> {
  const total = RATE * SECONDS;
  const times: Promise<number>[] = [];
  const samples: Sample[] = [];
  const cpuBefore = { app: cpuMs(side.pid), db: postgresCpuMs(), bench: cpuMs('self') };
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    const wait = t0 + (k * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    const v = visitors[(startAt + k) % visitors.length]!;
    if (v.waiting) throw new Error(`${side.name}: visitor ${v.ip} still waits for its previous answer`);
    times.push(
      new Promise<number>((resolve, reject) => {
        const text = `price ${label} ${k}?`;
        const timer = setTimeout(async () => reject(new Error(`${side.name}: no answer within 10 s to "${text}": ${(await side.diagnose?.(text)) ?? ''}`)), 10_000);
        const sentAt = Date.now();
        v.waiting = { t0: performance.now(), done: (ms) => (clearTimeout(timer), samples.push({ text, sentAt, answeredAt: Date.now() }), resolve(ms)) };
        side.send(v, text).catch(reject);
      }),
    );
  }
  const ms = await Promise.all(times);
  const cpu = (cpuMs(side.pid) - cpuBefore.app) / total;
  const others = `database ${fmt((postgresCpuMs() - cpuBefore.db) / total, 1)} ms, this client ${fmt((cpuMs('self') - cpuBefore.bench) / total, 1)} ms`;
  return { cpu, others, p95: percentile(ms, 95), p50: percentile(ms, 50), sent: total, stages: (await side.breakdown?.(samples)) ?? null };
}

async function measure(make: () => Promise<{ side: Side; visitors: Visitor[]; stop(): Promise<void> }>, warm: boolean) {
  const { side, visitors, stop } = await make();
  try {
    for (let i = 0; i < visitors.length; i += 50) await Promise.all(visitors.slice(i, i + 50).map((v) => side.connect(v)));
    if (warm) {
      // Everyone says hello once (no rule matches): their conversations exist before timing.
      for (let i = 0; i < visitors.length; i += 100) await Promise.all(visitors.slice(i, i + 100).map((v) => side.send(v, 'hello')));
      await sleep(2000);
    }
    const memory = await memoryPerStream(side, visitors);
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      runs.push(await run(side, visitors, `r${r}`, r * RATE * SECONDS));
      const last = runs.at(-1)!;
      console.log(`${side.name} run ${r + 1}: p50 ${fmt(last.p50, 1)} ms, p95 ${fmt(last.p95, 1)} ms; ${fmt(last.cpu, 1)} ms of CPU per message (${last.others})${last.stages ? `; ${last.stages}` : ''}`);
    }
    for (const v of visitors) v.close();
    return { p95: median(runs.map((r) => r.p95)), p50: median(runs.map((r) => r.p50)), memory };
  } finally {
    await stop();
  }
}

async function main(): Promise<void> {
  console.log(`${fmt(VISITORS)} visitors connected, ${RATE} messages/s for ${SECONDS} s per run, median of ${RUNS} runs`);
  const echo = await measure(echoSide, false);
  const app = await measure(appSide, true);
  const ratio = app.p95 / echo.p95;
  console.log('');
  console.log(`round trip p95: Parley ${fmt(app.p95, 1)} ms / bare echo ${fmt(echo.p95, 1)} ms = ${fmt(ratio, 1)}x   target < ${TARGET_MS} ms ${app.p95 < TARGET_MS ? 'ok' : 'MISSED'}`);
  console.log(`round trip p50: Parley ${fmt(app.p50, 1)} ms / bare echo ${fmt(echo.p50, 1)} ms`);
  console.log(`memory per idle connection: Parley ${fmt(app.memory, 1)} kB, bare echo ${fmt(echo.memory, 1)} kB`);
  await dispatcher.close();
  if (app.p95 >= TARGET_MS) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
