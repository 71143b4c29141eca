// A small Supabase over real HTTP for browser tests in Supabase mode: the GoTrue endpoints
// supabase-js calls for password sign-in, refresh, recovery and updateUser, and a Realtime
// WebSocket that delivers postgres_changes. Real Realtime decodes the WAL of the tables in the
// supabase_realtime publication and sends a subscriber only rows its RLS policies let it select;
// this one gets the rows from a trigger and applies the same two rules, with the subscriber's JWT
// claims set the way Realtime sets them, so a table left out of the publication or without a
// read policy stays silent here too.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import pg from 'pg';
import { acceptWebSocket, textFrame } from './websocket.ts';

interface FakeUser {
  id: string;
  email: string;
  password: string;
}

export interface FakeSupabase {
  url: string;
  anonKey: string;
  jwtSecret: string;
  addUser(email: string, password: string): FakeUser;
  user(email: string): FakeUser | undefined;
  /** An access token for the user, as a sign-in would return. */
  accessToken(email: string): Promise<string>;
  /** The recovery emails "sent", newest last. */
  outbox: Array<{ to: string; link: string }>;
  /** Starts Realtime over the app's database (before a browser subscribes). */
  watch(databaseUrl: string): Promise<void>;
  stop(): Promise<void>;
}

const NOTIFY_CHANNEL = 'fake_realtime';

export async function startFakeSupabase(): Promise<FakeSupabase> {
  const jwtSecret = randomBytes(32).toString('hex');
  const key = new TextEncoder().encode(jwtSecret);
  const users = new Map<string, FakeUser>();
  const refreshTokens = new Map<string, string>();
  const recoveryTokens = new Map<string, string>();
  const outbox: FakeSupabase['outbox'] = [];
  const realtime = new FakeRealtime(key);
  let url = '';

  const byId = (id: string) => [...users.values()].find((u) => u.id === id);
  const userJson = (u: FakeUser) => ({ id: u.id, aud: 'authenticated', role: 'authenticated', email: u.email, app_metadata: { provider: 'email' }, user_metadata: {}, created_at: new Date(0).toISOString() });
  const accessToken = (u: FakeUser) =>
    new SignJWT({ email: u.email, role: 'authenticated', session_id: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(u.id)
      .setIssuer(`${url}/auth/v1`)
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
  const session = async (u: FakeUser) => {
    const refresh = randomBytes(16).toString('hex');
    refreshTokens.set(refresh, u.id);
    return { access_token: await accessToken(u), token_type: 'bearer', expires_in: 3600, expires_at: Math.floor(Date.now() / 1000) + 3600, refresh_token: refresh, user: userJson(u) };
  };
  const bearerUser = async (req: IncomingMessage) => {
    try {
      const { payload } = await jwtVerify((req.headers.authorization ?? '').replace(/^Bearer /, ''), key);
      return byId(payload.sub!);
    } catch {
      return undefined;
    }
  };

  const routes: Record<string, (req: IncomingMessage, q: URLSearchParams, body: Record<string, string>) => Promise<[number, unknown, Record<string, string>?]>> = {
    'POST /auth/v1/token': async (_req, q, body) => {
      const u = q.get('grant_type') === 'password' ? users.get(body.email?.toLowerCase() ?? '') : byId(refreshTokens.get(body.refresh_token ?? '') ?? '');
      if (!u || (q.get('grant_type') === 'password' && u.password !== body.password)) {
        return [400, { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' }];
      }
      return [200, await session(u)];
    },
    'GET /auth/v1/user': async (req) => {
      const u = await bearerUser(req);
      return u ? [200, userJson(u)] : [401, { code: 401, error_code: 'bad_jwt', msg: 'invalid JWT' }];
    },
    'PUT /auth/v1/user': async (req, _q, body) => {
      const u = await bearerUser(req);
      if (!u) return [401, { code: 401, error_code: 'bad_jwt', msg: 'invalid JWT' }];
      if (body.password === u.password) return [422, { code: 422, error_code: 'same_password', msg: 'New password should be different from the old password.' }];
      if ((body.password ?? '').length < 6) return [422, { code: 422, error_code: 'weak_password', msg: 'Password should be at least 6 characters.', weak_password: { reasons: ['length'] } }];
      u.password = body.password!;
      return [200, userJson(u)];
    },
    'POST /auth/v1/recover': async (_req, q, body) => {
      const u = users.get(body.email?.toLowerCase() ?? '');
      if (u) {
        const token = randomBytes(16).toString('hex');
        recoveryTokens.set(token, u.id);
        const params = new URLSearchParams({ token, type: 'recovery', redirect_to: q.get('redirect_to') ?? '' });
        outbox.push({ to: u.email, link: `${url}/auth/v1/verify?${params}` });
      }
      return [200, {}];
    },
    'GET /auth/v1/verify': async (_req, q) => {
      const u = byId(recoveryTokens.get(q.get('token') ?? '') ?? '');
      recoveryTokens.delete(q.get('token') ?? '');
      const to = q.get('redirect_to') ?? '';
      if (!u) return [303, null, { location: `${to}#error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired` }];
      const s = await session(u);
      const fragment = new URLSearchParams({ access_token: s.access_token, expires_at: String(s.expires_at), expires_in: '3600', refresh_token: s.refresh_token, token_type: 'bearer', type: 'recovery' });
      return [303, null, { location: `${to}#${fragment}` }];
    },
    'POST /auth/v1/logout': async () => [204, null],
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, apikey, content-type, x-client-info, x-supabase-api-version');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const parsed = new URL(req.url ?? '/', 'http://x');
    const route = routes[`${req.method} ${parsed.pathname}`];
    if (!route) return void res.writeHead(404).end();
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const [status, body, headers] = await route(req, parsed.searchParams, raw ? JSON.parse(raw) : {});
    res.writeHead(status, { ...(body === null ? {} : { 'content-type': 'application/json' }), ...headers });
    res.end(body === null ? undefined : JSON.stringify(body));
  });
  server.on('upgrade', (req, socket: Socket) => {
    if (!req.url?.startsWith('/realtime/v1/websocket')) return void socket.destroy();
    realtime.accept(req, socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    anonKey: 'fake-anon-key-0123456789',
    jwtSecret,
    outbox,
    addUser(email, password) {
      const u = { id: randomUUID(), email: email.toLowerCase(), password };
      users.set(u.email, u);
      return u;
    },
    user: (email) => users.get(email.toLowerCase()),
    accessToken: (email) => accessToken(users.get(email.toLowerCase())!),
    watch: (databaseUrl) => realtime.start(databaseUrl),
    async stop() {
      await realtime.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

interface Binding {
  id: number;
  event: string;
  schema: string;
  table: string;
}

interface Subscriber {
  socket: Socket;
  topic: string;
  joinRef: string;
  claims: JWTPayload;
  bindings: Binding[];
}

/** Realtime's Phoenix protocol (vsn 2.0.0: [join_ref, ref, topic, event, payload]) over a bare WebSocket. */
class FakeRealtime {
  private listen: pg.Client | null = null;
  private check: pg.Client | null = null;
  private checks: Promise<unknown> = Promise.resolve();
  private subscribers = new Set<Subscriber>();
  private watched = new Set<string>();
  private bindingSeq = 0;

  constructor(private readonly key: Uint8Array) {}

  async start(databaseUrl: string): Promise<void> {
    this.listen = new pg.Client({ connectionString: databaseUrl });
    this.check = new pg.Client({ connectionString: databaseUrl });
    await Promise.all([this.listen.connect(), this.check.connect()]);
    await this.check.query(`create schema if not exists fake_realtime;
      create or replace function fake_realtime.announce() returns trigger language plpgsql as $$ begin
        perform pg_notify('${NOTIFY_CHANNEL}', json_build_object('schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'type', TG_OP,
          'record', case when TG_OP = 'DELETE' then to_jsonb(OLD) else to_jsonb(NEW) end)::text);
        return null; end $$`);
    this.listen.on('notification', (msg) => {
      const change = JSON.parse(msg.payload!) as { schema: string; table: string; type: string; record: Record<string, unknown> };
      void this.serial(() => this.deliver(change)).catch(() => {});
    });
    await this.listen.query(`listen ${NOTIFY_CHANNEL}`);
  }

  /** One statement sequence at a time on the check connection (deliveries hold a transaction). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.checks.then(fn);
    this.checks = run.catch(() => {});
    return run;
  }

  async stop(): Promise<void> {
    for (const s of this.subscribers) s.socket.destroy();
    await this.checks;
    await Promise.all([this.listen?.end(), this.check?.end()]);
  }

  accept(req: IncomingMessage, socket: Socket): void {
    acceptWebSocket(req, socket, (text) => void this.onMessage(socket, JSON.parse(text)));
    socket.on('close', () => {
      for (const s of this.subscribers) if (s.socket === socket) this.subscribers.delete(s);
    });
  }

  private send(socket: Socket, message: unknown[]): void {
    if (!socket.destroyed) socket.write(textFrame(JSON.stringify(message)));
  }

  private async onMessage(socket: Socket, [joinRef, ref, topic, event, payload]: [string, string, string, string, Record<string, unknown>]): Promise<void> {
    const reply = (status: string, response: unknown) => this.send(socket, [joinRef, ref, topic, 'phx_reply', { status, response }]);
    if (event === 'heartbeat' || event === 'access_token') return reply('ok', {});
    if (event === 'phx_leave') {
      for (const s of this.subscribers) if (s.socket === socket && s.topic === topic) this.subscribers.delete(s);
      return reply('ok', {});
    }
    if (event !== 'phx_join') return reply('ok', {});
    let claims: JWTPayload;
    try {
      claims = (await jwtVerify(String(payload.access_token), this.key)).payload;
    } catch {
      return reply('error', { reason: 'Invalid JWT' });
    }
    const wanted = ((payload.config as { postgres_changes?: Omit<Binding, 'id'>[] }).postgres_changes ?? []).map((b) => ({ ...b, id: ++this.bindingSeq }));
    for (const b of wanted) await this.serial(() => this.watchTable(b.schema, b.table));
    this.subscribers.add({ socket, topic, joinRef, claims, bindings: wanted });
    reply('ok', { postgres_changes: wanted });
    this.send(socket, [joinRef, null, topic, 'system', { status: 'ok', message: 'Subscribed to PostgreSQL', extension: 'postgres_changes', channel: topic }]);
  }

  private async watchTable(schema: string, table: string): Promise<void> {
    const name = `${schema}.${table}`;
    if (this.watched.has(name)) return;
    this.watched.add(name);
    await this.check!.query(`drop trigger if exists fake_realtime on "${schema}"."${table}";
      create trigger fake_realtime after insert or update or delete on "${schema}"."${table}" for each row execute function fake_realtime.announce()`);
  }

  private async deliver(change: { schema: string; table: string; type: string; record: Record<string, unknown> }): Promise<void> {
    const published = await this.check!.query('select 1 from pg_publication_tables where pubname = $1 and schemaname = $2 and tablename = $3', ['supabase_realtime', change.schema, change.table]);
    if (!published.rowCount) return;
    for (const s of this.subscribers) {
      const ids = s.bindings.filter((b) => b.schema === change.schema && b.table === change.table && (b.event === '*' || b.event === change.type)).map((b) => b.id);
      if (!ids.length || !(await this.visible(s.claims, change))) continue;
      const columns = Object.keys(change.record).map((name) => ({ name, type: 'text' }));
      const data = { schema: change.schema, table: change.table, commit_timestamp: new Date().toISOString(), type: change.type, columns, errors: null, record: change.type === 'DELETE' ? {} : change.record, old_record: change.type === 'INSERT' ? {} : change.record };
      this.send(s.socket, [s.joinRef, null, s.topic, 'postgres_changes', { ids, data }]);
    }
  }

  /** The row as the subscriber may select it: role authenticated with its JWT claims, under RLS. */
  private async visible(claims: JWTPayload, change: { schema: string; table: string; type: string; record: Record<string, unknown> }): Promise<boolean> {
    if (change.type === 'DELETE') return true; // Realtime sends deletes (primary key only) unchecked
    const db = this.check!;
    await db.query('begin');
    try {
      await db.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
      await db.query('set local role authenticated');
      const { rows } = await db.query(`select exists (select 1 from "${change.schema}"."${change.table}" t where to_jsonb(t) @> $1::jsonb) as ok`, [JSON.stringify(change.record)]);
      return rows[0].ok;
    } finally {
      await db.query('rollback');
    }
  }
}
