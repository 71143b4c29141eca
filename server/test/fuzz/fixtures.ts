import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TestApp } from '../harness.ts';
import type { Tagged } from './hostile.ts';

/**
 * An always-happy stand-in for the LLM provider, so a URL the fuzzer stored through a valid-looking
 * settings update never sends the app to the internet (no network in CI; a real upstream outage
 * is not a bad input).
 */
export async function startUpstreamStub(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Authorization headers that must not get in, including tokens signed with the app's own key. */
export async function badAuthHeaders(app: TestApp, token: string): Promise<Array<Tagged<string | null>>> {
  const key = app.ctx.keys.jwtSecret;
  const now = Math.floor(Date.now() / 1000);
  const sign = (sub: string, claims: Record<string, unknown> = { role: 'authenticated' }, exp = now + 600) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuer('parley').setAudience('authenticated').setIssuedAt(now).setExpirationTime(exp).sign(key);
  const [header, payload] = token.split('.');
  return [
    { cls: 'auth:none', value: null },
    { cls: 'auth:empty-bearer', value: 'Bearer ' },
    { cls: 'auth:garbage', value: 'Bearer garbage' },
    { cls: 'auth:basic', value: 'Basic YWRtaW46YWRtaW4=' },
    { cls: 'auth:tampered-signature', value: `Bearer ${token.slice(0, -4)}AAAA` },
    { cls: 'auth:alg-none', value: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.` },
    { cls: 'auth:wrong-key', value: `Bearer ${await new SignJWT({ role: 'authenticated' }).setProtectedHeader({ alg: 'HS256' }).setSubject(randomUUID()).setIssuer('parley').setAudience('authenticated').setExpirationTime(now + 600).sign(new TextEncoder().encode('x'.repeat(32)))}` },
    { cls: 'auth:signed-sub-not-uuid', value: `Bearer ${await sign('not-a-uuid')}` },
    { cls: 'auth:signed-sub-nul', value: `Bearer ${await sign('a\u0000b')}` },
    { cls: 'auth:signed-sub-unknown-user', value: `Bearer ${await sign(randomUUID())}` },
    { cls: 'auth:signed-expired', value: `Bearer ${await sign(randomUUID(), { role: 'authenticated' }, now - 60)}` },
    { cls: 'auth:signed-no-role', value: `Bearer ${await sign(randomUUID(), {})}` },
    { cls: 'auth:header-only', value: `Bearer ${header}` },
    { cls: 'auth:two-tokens', value: `Bearer ${token} ${token}` },
  ];
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A sandbox number (so ids in paths and bodies can name something real), then every id the
 * list endpoints show. Failure to seed only makes the fuzzing shallower, so it is not fatal.
 */
export async function seedAndHarvestIds(app: TestApp, token: string, listPaths: string[]): Promise<string[]> {
  await app
    .request('/api/accounts', { method: 'POST', token, json: { displayName: 'Fuzz line', phoneNumberId: '106540352242922', wabaId: '102938475610001', accessToken: 'sandbox-fuzz-token', sandbox: true } })
    .then((r) => r.text())
    .catch(() => {});
  const ids = new Set<string>();
  for (const path of listPaths) {
    const text = await app.request(path, { token, signal: AbortSignal.timeout(5000) }).then(
      (r) => (r.headers.get('content-type')?.includes('json') ? r.text() : (r.body?.cancel(), '')), // an event stream would never end
      () => '',
    );
    for (const m of text.matchAll(UUID_RE)) ids.add(m[0].toLowerCase());
  }
  return [...ids];
}
