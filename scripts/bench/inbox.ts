// npm run bench:inbox — the inbox at scale: 100,000 conversations and 2,000,000 messages.
//
// Design. Two databases on the bench's Postgres, both migrated up to (not including) 0019: the
// busy one filled by inbox-data.ts (set-based SQL; its time is reported), the reference one with
// the same accounts, agents and labels and a handful of one-message conversations ("the same
// query on an empty database"). Then every later migration is applied, timed: on the busy one
// that is building 0019's trigram index on 2,000,000 messages, as an existing install upgrading
// would. One app process per database, both against the standalone simulator, and one client:
// each case is the same request on both apps, sequential (one at a time, keep-alive),
// BENCH_REQUESTS times (default 50) after a warm-up; p95 per run, median of 3 runs, and the ratio
// busy / reference. A reply is timed from just before its POST to the simulator logging the Graph
// POST (`at`, the same clock), matched by its unique text; the reply route comes with the compose
// work (h-compose): while it answers 404 that case is skipped with a note.
// An assignment is timed from just before its POST (by the admin) to the assignee's live stream
// (SSE, /api/events, signed in as an agent) announcing their new notification.
// Targets: list p95 < 50 ms, thread p95 < 50 ms, search p95 < 200 ms, reply p95 < 100 ms,
// assignment notification p95 < 1,000 ms.
import { Pool } from 'undici';
import { createDb, ensureDatabase, migrateLatest, type Db } from '../../server/db/knex.ts';
import { freePort } from '../../server/lib/net.ts';
import { benchDatabase, fmt, median, percentile, startChild, startSim } from './lib.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { BENCH_SHAPE, generateInbox, type InboxFixture, type InboxShape } from './inbox-data.ts';

const RUNS = 3;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const KEY = 'cd'.repeat(32);
const PNID = '5550001234567';
const TOKEN = 'bench-access-token';
const REFERENCE_SHAPE: InboxShape = { conversations: 10, hot: 1, hotMessages: 1, base: 1, spread: 1 };
const TARGETS = { list: 50, thread: 50, search: 200, reply: 100, assign: 1000 };
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };

interface Side {
  name: string;
  db: Db;
  fx: InboxFixture;
  pool: Pool;
  jwt: string;
  /** A message in the middle of the hot conversation (opening a search result there). */
  middleId: string;
  replyConversations: string[];
  /** An agent (the assignee) and their token. */
  agent: { id: string; jwt: string };
  url: string;
  stop(): Promise<void>;
}

type Case = { name: string; kind: keyof typeof TARGETS; path: (s: Side) => string };

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
const CASES: Case[] = [
  { name: 'list: first page (open + pending)', kind: 'list', path: () => '/api/inbox/conversations?limit=50' },
  { name: 'list: an agent\'s, one label, all live', kind: 'list', path: (s) => `/api/inbox/conversations?limit=50&status=live&assignee=${s.fx.agentIds[1]}&labelId=${s.fx.labelIds[1]}` },
  { name: 'list: waiting for a person, unread', kind: 'list', path: () => '/api/inbox/conversations?limit=50&waiting=true&unread=true' },
  { name: 'list: Instagram, resolved, last 30 days', kind: 'list', path: () => `/api/inbox/conversations?limit=50&channel=instagram&status=resolved&from=${daysAgo(30)}` },
  { name: 'thread: newest 100 of 5,000 messages', kind: 'thread', path: (s) => `/api/inbox/conversations/${s.fx.hotConversationId}/messages?limit=100` },
  { name: 'thread: 100 around a message', kind: 'thread', path: (s) => `/api/inbox/conversations/${s.fx.hotConversationId}/messages?limit=100&around=${s.middleId}` },
  { name: 'search: common word (order)', kind: 'search', path: () => '/api/inbox/search?q=order' },
  { name: 'search: rare word (zirconia)', kind: 'search', path: () => '/api/inbox/search?q=zirconia' },
  { name: 'search: phone fragment (43210)', kind: 'search', path: () => '/api/inbox/search?q=43210' },
  { name: 'search: Hindi word (रिफंड)', kind: 'search', path: () => `/api/inbox/search?q=${encodeURIComponent('रिफंड')}` },
  { name: 'search: two words, WhatsApp, resolved, 90 days', kind: 'search', path: () => `/api/inbox/search?q=refund+abhi&channel=whatsapp&status=resolved&from=${daysAgo(90)}` },
  { name: 'search: common word, one agent', kind: 'search', path: (s) => `/api/inbox/search?q=delivery&assignee=${s.fx.agentIds[2]}` },
];

async function call(pool: Pool, method: string, path: string, jwt: string | null, body?: object): Promise<{ status: number; json: any }> {
  const r = await pool.request({ method: method as 'GET', path, headers: { 'content-type': 'application/json', ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) }, body: body && JSON.stringify(body) });
  const text = await r.body.text();
  return { status: r.statusCode, json: text ? JSON.parse(text) : null };
}

async function prepare(name: string, url: string, shape: InboxShape, simUrl: string): Promise<Side> {
  const db = createDb(url, 4);
  await migrateLatest(db, '0019'); // everything before 0019: the data goes in as on an install that predates it
  let t = Date.now();
  const fx = await generateInbox(db, shape, { encryptionKey: Buffer.from(KEY, 'hex'), replyPnid: PNID, token: TOKEN, admin: ADMIN });
  const generated = Date.now() - t;
  t = Date.now();
  const applied = await migrateLatest(db);
  const migrated = Date.now() - t;
  const { rows: [size] } = await db.raw(`select (select count(*) from messages)::int as messages, (select count(*) from conversations)::int as conversations,
    pg_size_pretty(pg_total_relation_size('messages')) as total, pg_size_pretty(pg_relation_size('messages_body_trgm')) as trgm`);
  console.log(`${name}: ${fmt(size.conversations)} conversations, ${fmt(size.messages)} messages generated in ${fmt(generated / 1000, 1)} s; ` +
    `${applied.join(', ')} applied in ${fmt(migrated / 1000, 1)} s (messages ${size.total}, trigram index ${size.trgm})`);
  const { rows: [mid] } = await db.raw('select id from messages where conversation_id = ? order by id offset ? limit 1', [fx.hotConversationId, Math.floor(Math.min(shape.hotMessages, 5000) / 2)]);
  const replyConversations: string[] = [];
  for (let i = 0; i < 10; i++) replyConversations.push(await addReplyConversation(db, fx.replyAccountId, i));
  const port = await freePort();
  const app = await startChild('server/index.ts', {
    DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', META_APP_SECRET: 'bench-app-secret-0123456789', ENCRYPTION_KEY: KEY, JWT_SECRET: 'j'.repeat(32),
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SANDBOX_ENABLED: 'false', META_GRAPH_BASE_URL: `${simUrl}/graph/v23.0`,
  }, port, '/readyz');
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 4 });
  const login = await call(pool, 'POST', '/api/auth/login', null, ADMIN);
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const agentLogin = { email: 'bench-agent@example.com', password: 'bench-agent-password' };
  const [agent] = await db('users').insert({ workspace_id: (await db('workspaces').first('id')).id, email: agentLogin.email, name: 'Bench agent', role: 'agent', password_hash: await hashPassword(agentLogin.password) }).returning('id');
  const agentJwt = (await call(pool, 'POST', '/api/auth/login', null, agentLogin)).json.accessToken as string;
  return {
    name, db, fx, pool, jwt: login.json.accessToken, middleId: String(mid?.id ?? 1), replyConversations, agent: { id: agent.id, jwt: agentJwt }, url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await pool.close();
      await app.stop();
      await db.destroy();
    },
  };
}

/** A customer of the reply account who wrote a minute ago (the service window is open), in a conversation of its own. */
async function addReplyConversation(db: Db, accountId: string, n: number): Promise<string> {
  const { workspace_id: workspaceId } = await db('channel_accounts').where({ id: accountId }).first('workspace_id');
  const [person] = await db('contacts').insert({ workspace_id: workspaceId, name: `Reply customer ${n}` }).returning('id');
  const [identity] = await db('contact_identities').insert({ workspace_id: workspaceId, contact_id: person.id, channel: 'whatsapp', external_id: `91980009${String(n).padStart(4, '0')}` }).returning('id');
  const [conv] = await db('conversations').insert({ workspace_id: workspaceId, account_id: accountId, identity_id: identity.id, last_message_at: db.fn.now() }).returning('id');
  await db('messages').insert({ workspace_id: workspaceId, account_id: accountId, identity_id: identity.id, conversation_id: conv.id, external_id: `wamid.bench.reply.${n}`, direction: 'inbound', type: 'text', body: 'Hello', status: 'received', sent_at: db.raw("now() - interval '1 minute'") });
  return conv.id;
}

/** p95 of `n` sequential GETs of the case's path. */
async function timeCase(side: Side, c: Case, n: number): Promise<number> {
  const path = c.path(side);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await call(side.pool, 'GET', path, side.jwt);
    times.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${side.name} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  }
  return percentile(times, 95);
}

/** p95 from the reply POST to the simulator's Graph POST, or null when the route is not there (404). */
async function timeReplies(side: Side, simUrl: string, run: number, n: number): Promise<number | null> {
  const t0 = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const text = `bench reply ${side.name} ${run}.${i}`;
    const conversation = side.replyConversations[i % side.replyConversations.length]!;
    const t = Date.now();
    const r = await call(side.pool, 'POST', `/api/inbox/conversations/${conversation}/messages`, side.jwt, { text });
    if (r.status === 404 && r.json?.error?.message?.startsWith('No route')) return null;
    if (r.status >= 300) throw new Error(`reply answered ${r.status} ${JSON.stringify(r.json)}`);
    t0.set(text, t);
    await waitForGraph(simUrl, text, 10_000);
  }
  const log = await (await fetch(`${simUrl}/control/requests?phone_number_id=${PNID}&outcome=accepted&limit=5000`)).json() as { entries: Array<{ at: string; body: { text?: { body?: string } } }> };
  const lat: number[] = [];
  for (const e of log.entries) {
    const sent = e.body?.text?.body && t0.get(e.body.text.body);
    if (sent) lat.push(Date.parse(e.at) - sent);
  }
  if (lat.length < t0.size) throw new Error(`${t0.size - lat.length} replies never reached the simulator`);
  return percentile(lat, 95);
}

/** p95 from an assignment's POST to the assignee's live stream announcing their notification. */
async function timeAssignments(side: Side, n: number): Promise<number> {
  const abort = new AbortController();
  const res = await fetch(`${side.url}/api/events`, { headers: { authorization: `Bearer ${side.agent.jwt}` }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`the agent's live stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  /** Resolves at the next `change` event on the notifications topic. */
  const nextNotification = async (): Promise<void> => {
    for (;;) {
      const events = buffered.split('\n\n');
      buffered = events.pop()!;
      if (events.some((e) => e.includes('event: change') && e.includes('"topic":"notifications"'))) return;
      const { value, done } = await reader.read();
      if (done) throw new Error('the live stream ended');
      buffered += value;
    }
  };
  const lat: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const conversation = side.replyConversations[i % side.replyConversations.length]!;
      await call(side.pool, 'POST', `/api/inbox/conversations/${conversation}/assignee`, side.jwt, { userId: null });
      await new Promise((r) => setTimeout(r, 50)); // let the unassignment's own announcements pass
      buffered = '';
      const t = performance.now();
      const heard = nextNotification();
      const r = await call(side.pool, 'POST', `/api/inbox/conversations/${conversation}/assignee`, side.jwt, { userId: side.agent.id });
      if (r.status !== 200) throw new Error(`assignment answered ${r.status} ${JSON.stringify(r.json)}`);
      await heard;
      lat.push(performance.now() - t);
    }
  } finally {
    abort.abort();
  }
  return percentile(lat, 95);
}

async function waitForGraph(simUrl: string, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await (await fetch(`${simUrl}/control/requests?phone_number_id=${PNID}&outcome=accepted&limit=20`)).json() as { entries: Array<{ body: { text?: { body?: string } } }> };
    if (log.entries.some((e) => e.body?.text?.body === text)) return;
    if (Date.now() > deadline) throw new Error(`reply "${text}" did not reach the simulator`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  const simPort = await freePort();
  const simUrl = `http://127.0.0.1:${simPort}`;
  const simProc = await startSim(simPort, 20_000);
  await fetch(`${simUrl}/control/numbers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ numbers: [{ phone_number_id: PNID, waba_id: '9001', display_phone_number: '+91 98200 00001', verified_name: 'Bench', quality_rating: 'GREEN', access_tokens: [TOKEN] }] }) });
  const database = await benchDatabase('parley_bench_inbox');
  const server = new URL(database.url);
  server.pathname = '/postgres';
  const sides: Side[] = [];
  try {
    sides.push(await prepare('busy', database.url, BENCH_SHAPE, simUrl));
    sides.push(await prepare('reference', await ensureDatabase(server.toString(), 'parley_bench_inbox_empty'), REFERENCE_SHAPE, simUrl));
    const [busy, ref] = sides as [Side, Side];
    const results = new Map<string, { busy: number[]; ref: number[] }>();
    const note = (name: string, b: number, r: number) => {
      const e = results.get(name) ?? { busy: [], ref: [] };
      e.busy.push(b);
      e.ref.push(r);
      results.set(name, e);
    };
    for (const c of CASES) for (const s of sides) await timeCase(s, c, 5); // warm-up
    let replySkipped = false;
    for (let run = 1; run <= RUNS; run++) {
      for (const c of CASES) note(c.name, await timeCase(busy, c, REQUESTS), await timeCase(ref, c, REQUESTS));
      if (!replySkipped) {
        const b = await timeReplies(busy, simUrl, run, Math.min(REQUESTS, 30));
        const r = b === null ? null : await timeReplies(ref, simUrl, run, Math.min(REQUESTS, 30));
        if (b === null || r === null) replySkipped = true;
        else note('reply: POST to the Graph POST', b, r);
      }
      note('assignment: POST to the assignee\'s live stream', await timeAssignments(busy, Math.min(REQUESTS, 20)), await timeAssignments(ref, Math.min(REQUESTS, 20)));
      console.log(`run ${run} done`);
    }
    console.log(`\nmedian of ${RUNS} runs of ${REQUESTS} sequential requests each, p95 in ms (busy / reference = ratio):`);
    let missed = 0;
    for (const [name, r] of results) {
      const kind = (CASES.find((c) => c.name === name)?.kind ?? (name.startsWith('assignment') ? 'assign' : 'reply')) as keyof typeof TARGETS;
      const b = median(r.busy);
      const ref95 = median(r.ref);
      const ok = b < TARGETS[kind];
      if (!ok) missed++;
      console.log(`${name.padEnd(48)} ${fmt(b, 1).padStart(7)} / ${fmt(ref95, 1).padStart(6)} = ${fmt(b / ref95, 1).padStart(5)}x   target < ${TARGETS[kind]} ms ${ok ? 'ok' : 'MISSED'}`);
    }
    if (replySkipped) console.log('reply: skipped, POST /api/inbox/conversations/:id/messages is not on this branch (404); run again once the compose work is merged');
    if (missed) process.exitCode = 1;
  } finally {
    for (const s of sides) await s.stop();
    simProc.kill();
    await database.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
