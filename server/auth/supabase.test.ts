import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startTestApp, type TestApp } from '../test/harness.ts';

const ANON_KEY = 'anon-key-for-tests-0123456789';

async function supabaseToken(key: Parameters<SignJWT['sign']>[0], alg: string, issuer: string, sub: string, extra: Record<string, unknown> = {}) {
  return new SignJWT({ email: `${sub}@example.com`, role: 'authenticated', ...extra })
    .setProtectedHeader({ alg, kid: 'k1' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setAudience('authenticated')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}

describe('Supabase auth with SUPABASE_JWT_SECRET', () => {
  const SECRET = 'supabase-jwt-secret-for-tests-0123456789';
  const SUPABASE_URL = 'http://supabase.test';
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ SUPABASE_URL, SUPABASE_ANON_KEY: ANON_KEY, SUPABASE_JWT_SECRET: SECRET });
  });
  after(() => app.stop());

  it('publishes the public keys the dashboard needs and creates no local admin', async () => {
    const cfg = (await (await app.request('/api/config')).json()) as Record<string, unknown>;
    assert.equal(cfg.authMode, 'supabase');
    assert.equal(cfg.supabaseAnonKey, ANON_KEY);
    assert.equal(app.initialAdmin, null);
  });

  it('accepts a Supabase-signed token and mirrors the user', async () => {
    const token = await supabaseToken(new TextEncoder().encode(SECRET), 'HS256', `${SUPABASE_URL}/auth/v1`, 'user-a');
    const res = await app.request('/api/me', { token });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { user: { email: string } }).user.email, 'user-a@example.com');
    const row = await app.ctx.db('users').where({ external_id: 'user-a' }).first();
    assert.equal(row.auth_provider, 'supabase');
  });

  it('applies the same claim checks: wrong issuer, anon role and local login are refused', async () => {
    const key = new TextEncoder().encode(SECRET);
    for (const token of [
      await supabaseToken(key, 'HS256', 'http://elsewhere/auth/v1', 'user-b'),
      await supabaseToken(key, 'HS256', `${SUPABASE_URL}/auth/v1`, 'user-c', { role: 'anon' }),
    ]) {
      assert.equal((await app.request('/api/me', { token })).status, 401);
    }
    const login = await app.request('/api/auth/login', { method: 'POST', json: { email: 'a@b.co', password: 'whatever' } });
    assert.equal(login.status, 400);
    assert.equal(((await login.json()) as { error: { code: string } }).error.code, 'local_login_disabled');
  });
});

describe('Supabase auth with JWKS', () => {
  let app: TestApp;
  let jwks: Server;
  let privateKey: CryptoKey;
  let supabaseUrl: string;
  before(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwks = createServer((req, res) => {
      if (req.url === '/auth/v1/.well-known/jwks.json') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    supabaseUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
    app = await startTestApp({ SUPABASE_URL: supabaseUrl, SUPABASE_ANON_KEY: ANON_KEY });
  });
  after(async () => {
    await app.stop();
    jwks.close();
  });

  it('verifies tokens against the project JWKS', async () => {
    const good = await supabaseToken(privateKey, 'ES256', `${supabaseUrl}/auth/v1`, 'user-jwks');
    assert.equal((await app.request('/api/me', { token: good })).status, 200);
    const other = (await generateKeyPair('ES256')).privateKey;
    const forged = await supabaseToken(other, 'ES256', `${supabaseUrl}/auth/v1`, 'user-jwks');
    assert.equal((await app.request('/api/me', { token: forged })).status, 401);
  });
});
