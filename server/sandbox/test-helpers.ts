// Test helpers: a sandbox on 127.0.0.1:<random port> with fetch wrappers, and a webhook receiver
// that verifies X-Hub-Signature-256 over the raw bytes and records every POST.
import { createServer, type Server } from 'node:http';
import { after, before, beforeEach } from 'node:test';
import type { AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox, type SandboxOptions } from './index.ts';
import { verifySignature } from './webhooks/sign.ts';

export const SECRET = 'test_app_secret';
export const PHONE = '555000111222333';
export const WABA = '102938475610001';
export const TOKEN = 'EAAG-test-token';

// Loose JSON for assertions on answers of any shape.
export type Json = any;

export interface TestSandbox extends RunningSandbox {
  post(path: string, body: unknown, token?: string | null): Promise<{ status: number; body: Json }>;
  get(path: string, token?: string | null): Promise<{ status: number; body: Json }>;
  send(body: unknown, opts?: { phone?: string; token?: string | null; version?: string }): Promise<{ status: number; body: Json }>;
  control(method: string, path: string, body?: unknown): Promise<Json>;
}

async function call(url: string, method: string, body: unknown, token: string | null | undefined) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A sandbox with one registered number (PHONE in WABA, token TOKEN) unless `numbers` is given. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const s = await startSandbox({
    openai: false,
    numbers: [{ phone_number_id: PHONE, waba_id: WABA, display_phone_number: '+1 555-765-4321', verified_name: 'Lucky Parcel Ltd', access_tokens: [TOKEN] }],
    ...options,
  });
  const t = (token: string | null | undefined) => (token === undefined ? TOKEN : token);
  return {
    ...s,
    post: (path, body, token) => call(`${s.url}${path}`, 'POST', body, t(token)),
    get: (path, token) => call(`${s.url}${path}`, 'GET', undefined, t(token)),
    send: (body, o = {}) => call(`${s.url}/graph/${o.version ?? 'v23.0'}/${o.phone ?? PHONE}/messages`, 'POST', body, t(o.token)),
    async control(method, path, body) {
      const r = await call(`${s.url}/control${path}`, method, body, null);
      if (r.status !== 200) throw new Error(`control ${method} ${path} -> ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
}

export const text = (to: string, body = 'Hello', extra: Record<string, unknown> = {}) => ({
  messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body }, ...extra,
});

export interface Received {
  raw: Buffer;
  json: Json;
  signature: string | undefined;
  valid: boolean;
  status: number;
}

export interface Receiver {
  url: string;
  got: Received[];
  /** Only the POSTs answered 200. */
  accepted(): Received[];
  /** Every statuses[] element of accepted WhatsApp POSTs, in arrival order. */
  statuses(): Json[];
  waitFor(pred: (got: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `respond(n)` picks the HTTP status for the n-th POST (0-based); default 200. */
export async function startReceiver(secret = SECRET, respond: (n: number) => number = () => 200): Promise<Receiver> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signature = req.headers['x-hub-signature-256'] as string | undefined;
      const status = respond(got.length);
      got.push({ raw, json: JSON.parse(raw.toString('utf8')), signature, valid: verifySignature(secret, raw, signature), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = () => got.filter((g) => g.status === 200);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    got,
    accepted,
    statuses: () =>
      accepted().flatMap((g) => (g.json.entry as Json[]).flatMap((e) => (e.changes ?? []).flatMap((c: Json) => c.value?.statuses ?? []))),
    async waitFor(pred, timeoutMs = 3000) {
      const end = Date.now() + timeoutMs;
      while (!pred(got)) {
        if (Date.now() > end) throw new Error(`receiver: condition not met in ${timeoutMs} ms; got ${got.length} POSTs: ${JSON.stringify(got.map((g) => g.json)).slice(0, 2000)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * For a test file: a simulator posting its webhooks to a receiver, started once for the file, reset
 * (and the receiver emptied) before each test. Tests read `env.sim` and `env.hook`.
 */
export function simulatorWithReceiver(options: (webhookUrl: string) => SandboxOptions): { sim: TestSandbox; hook: Receiver } {
  const env = {} as { sim: TestSandbox; hook: Receiver };
  before(async () => {
    env.hook = await startReceiver();
    env.sim = await startTestSandbox(options(env.hook.url));
  });
  after(async () => {
    await env.sim?.close();
    await env.hook?.close();
  });
  beforeEach(async () => {
    await env.sim.control('POST', '/reset');
    env.hook.got.length = 0;
  });
  return env;
}
