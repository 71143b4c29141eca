import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '../config.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';

const ANON_KEY = 'anon-key-for-tests-0123456789';
const USER_A = randomUUID();

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

describe('ADMIN_EMAILS', () => {
  it('is read as lower-cased emails, and a malformed list stops start-up naming the variable', () => {
    assert.deepEqual(loadConfig({ ADMIN_EMAILS: ' Owner@Example.com,ops@example.org ,' }).ADMIN_EMAILS, ['owner@example.com', 'ops@example.org']);
    assert.throws(() => loadConfig({ ADMIN_EMAILS: 'owner@example.com; ops' }), /config error: ADMIN_EMAILS must be email addresses separated by commas/);
  });
});

describe('Supabase auth with SUPABASE_JWT_SECRET', () => {
  const SECRET = 'supabase-jwt-secret-for-tests-0123456789';
  const SUPABASE_URL = 'http://supabase.test';
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ SUPABASE_URL, SUPABASE_ANON_KEY: ANON_KEY, SUPABASE_JWT_SECRET: SECRET, ADMIN_EMAILS: `boss@example.com, ${USER_A}@EXAMPLE.com` });
  });
  const key = new TextEncoder().encode(SECRET);
  const token = (sub: string, extra: Record<string, unknown> = {}) => supabaseToken(key, 'HS256', `${SUPABASE_URL}/auth/v1`, sub, extra);
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
  after(() => app.stop());

  it('publishes the public keys the dashboard needs and creates no local admin', async () => {
    const cfg = (await (await app.request('/api/config')).json()) as Record<string, unknown>;
    assert.equal(cfg.authMode, 'supabase');
    assert.equal(cfg.supabaseAnonKey, ANON_KEY);
    assert.equal(app.initialAdmin, null);
  });

  it('accepts a Supabase-signed token of an ADMIN_EMAILS user (any letter case) and mirrors the user', async () => {
    const res = await app.request('/api/me', { token: await token(USER_A) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { user: { email: string } }).user.email, `${USER_A}@example.com`);
    const row = await app.ctx.db('users').where({ external_id: USER_A }).first();
    assert.equal(row.auth_provider, 'supabase');
    assert.equal(row.role, 'admin');
  });

  it('refuses a verified user who is not allowlisted with 403 not_allowed, and does not add them to users', async () => {
    const stranger = randomUUID();
    // user_metadata is editable by the user themself, so a role there counts for nothing.
    for (const extra of [{}, { user_metadata: { parley_role: 'admin' } }, { app_metadata: { parley_role: 'owner' } }]) {
      const res = await app.request('/api/me', { token: await token(stranger, extra) });
      assert.equal(res.status, 403);
      const error = await errorOf(res);
      assert.equal(error.code, 'not_allowed');
      assert.match(error.message, /ADMIN_EMAILS/);
      assert.match(error.message, /app_metadata\.parley_role/);
    }
    assert.equal(await app.ctx.db('users').where({ external_id: stranger }).first(), undefined);
  });

  it('admits a user whose app_metadata.parley_role is admin or agent, with that role', async () => {
    const agent = randomUUID();
    const res = await app.request('/api/me', { token: await token(agent, { app_metadata: { provider: 'email', parley_role: 'agent' } }) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { user: { role: string } }).user.role, 'agent');
  });

  it('links an existing row with the same email (local admin from before, user invited again) instead of failing', async () => {
    const [local] = await app.ctx.db('users')
      .insert({ workspace_id: app.ctx.defaultWorkspaceId, email: 'boss@example.com', auth_provider: 'local', role: 'admin' })
      .returning('id');
    for (const sub of [randomUUID(), randomUUID()]) {
      const res = await app.request('/api/me', { token: await token(sub, { email: 'Boss@Example.com' }) });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { user: { id: string } }).user.id, local.id);
      assert.equal((await app.ctx.db('users').where({ id: local.id }).first()).external_id, sub);
    }
  });

  it('answers 401 with a reason for a validly signed token whose subject is not a UUID', async () => {
    const res = await app.request('/api/me', { token: await token('user-a') });
    assert.equal(res.status, 401);
    assert.match((await errorOf(res)).message, /sub.*UUID/);
  });

  it('applies the same claim checks: wrong issuer, anon role, local login and local password change are refused', async () => {
    for (const bad of [
      await supabaseToken(key, 'HS256', 'http://elsewhere/auth/v1', USER_A),
      await token(USER_A, { role: 'anon' }),
    ]) {
      assert.equal((await app.request('/api/me', { token: bad })).status, 401);
    }
    const login = await app.request('/api/auth/login', { method: 'POST', json: { email: 'a@b.co', password: 'whatever' } });
    assert.equal(login.status, 400);
    assert.equal(((await login.json()) as { error: { code: string } }).error.code, 'local_login_disabled');
    const change = await app.call('POST', '/api/auth/password', await token(USER_A), { currentPassword: 'whatever', newPassword: 'long-enough-password' });
    assert.equal(change.status, 400);
    assert.equal(change.body.error.code, 'local_login_disabled');
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
    const admin = { app_metadata: { parley_role: 'admin' } };
    const good = await supabaseToken(privateKey, 'ES256', `${supabaseUrl}/auth/v1`, USER_A, admin);
    assert.equal((await app.request('/api/me', { token: good })).status, 200);
    const other = (await generateKeyPair('ES256')).privateKey;
    const forged = await supabaseToken(other, 'ES256', `${supabaseUrl}/auth/v1`, USER_A, admin);
    assert.equal((await app.request('/api/me', { token: forged })).status, 401);
  });

  it('without ADMIN_EMAILS fails closed: warns once at start-up and refuses users without a role claim', async () => {
    const warnings = app.logs.filter((l) => l.includes('without ADMIN_EMAILS'));
    assert.equal(warnings.length, 1);
    assert.equal(JSON.parse(warnings[0]!).level, 40);
    const plain = await supabaseToken(privateKey, 'ES256', `${supabaseUrl}/auth/v1`, randomUUID());
    const res = await app.request('/api/me', { token: plain });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_allowed');
  });
});
