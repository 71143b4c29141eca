import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../config.ts';
import { boot, type Running } from '../boot.ts';
import { createDb } from '../db/knex.ts';
import { createLogger } from '../lib/logger.ts';
import { signBody } from '../webhooks/signature.ts';
import { CONTROL_TOKEN_HEADER, sandboxKeys } from '../sandbox/keys.ts';

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };
export const META_APP_SECRET = 'test-app-secret-0123456789';
export const META_VERIFY_TOKEN = 'verify-token-123';

/** A fresh, empty database on the test run's Postgres server. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = process.env.PARLEY_TEST_PG_URL;
  if (!serverUrl) throw new Error('PARLEY_TEST_PG_URL is not set: run tests with `npm test` (optionally `npm test -- <files>`)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = createDb(serverUrl, 1);
  await admin.raw('create database ??', [name]);
  await admin.destroy();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestApp extends Running {
  url: string;
  logs: string[];
  request(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  login(): Promise<string>;
  /** An API call with a bearer token and a JSON body; the answer's status, raw text and parsed JSON (null when empty). */
  call(method: string, path: string, token: string, json?: unknown): Promise<{ status: number; text: string; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** POSTs a body to /webhooks/meta signed with the app secret (or the given signature). */
  postWebhook(body: unknown, signature?: string): Promise<Response>;
  /** Calls the in-app simulator (/sandbox + path, with the control token) with a JSON body and returns its JSON answer. */
  sandbox(method: string, path: string, body?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The X-Sandbox-Token the simulator's /control API needs. */
  sandboxToken: string;
}

/**
 * Polls `probe` every 50 ms until `ok` holds; the error names what never happened and the last value.
 * The default ceiling is generous on purpose: it only matters when the condition never comes, and
 * a shared machine under load (the full suite beside other work) can be many times slower.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Boots the real app (real Postgres, pg-boss, HTTP) on a free port with its own database. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: env.DATABASE_URL ?? (await createTestDatabase()), // a test with its own Postgres passes its own
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    NODE_ENV: 'test',
    META_APP_SECRET,
    META_WEBHOOK_VERIFY_TOKEN: META_VERIFY_TOKEN,
    SANDBOX_ENABLED: 'true', // off by default with DATABASE_URL; the tests drive sandbox numbers
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const running = await boot(config, createLogger(config.LOG_LEVEL, sink));
  const url = running.url!;
  const request: TestApp['request'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(url + path, { ...init, headers, body });
  };
  const login = async () => {
    const res = await request('/api/auth/login', { method: 'POST', json: ADMIN });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const postWebhook: TestApp['postWebhook'] = (body, signature) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return fetch(`${url}/webhooks/meta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signBody(META_APP_SECRET, raw) },
      body: raw,
    });
  };
  const sandboxToken = sandboxKeys(running.ctx.keys.encryptionKey).controlToken;
  const sandbox: TestApp['sandbox'] = async (method, path, body) => {
    const headers = { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: sandboxToken };
    const res = await fetch(`${url}/sandbox${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return res.json();
  };
  const call: TestApp['call'] = async (method, path, token, json) => {
    const res = await request(path, { method, token, json });
    const text = await res.text();
    return { status: res.status, text, body: text ? JSON.parse(text) : null };
  };
  return { ...running, url, logs, request, login, call, postWebhook, sandbox, sandboxToken };
}
