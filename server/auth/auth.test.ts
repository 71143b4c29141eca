import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { createDb } from '../db/knex.ts';
import { ADMIN, startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { resetAdminPassword } from './service.ts';

describe('local auth', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD without printing a password', () => {
    assert.deepEqual(app.initialAdmin, { email: ADMIN.email, password: null });
  });

  it('logs in, and the access token opens /api/me for one hour', async () => {
    const res = await app.request('/api/auth/login', { method: 'POST', json: { email: 'ADMIN@example.com', password: ADMIN.password } });
    assert.equal(res.status, 200);
    const session = (await res.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
    assert.equal(session.expiresIn, 3600);
    const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString());
    assert.equal(payload.exp - payload.iat, 3600);
    const me = await app.request('/api/me', { token: session.accessToken });
    assert.equal(me.status, 200);
    const body = (await me.json()) as { user: { email: string }; workspace: { name: string } };
    assert.equal(body.user.email, ADMIN.email);
    assert.equal(body.workspace.name, 'Default workspace');
  });

  it('refuses a wrong password with 401 and a reason', async () => {
    const res = await app.request('/api/auth/login', { method: 'POST', json: { email: ADMIN.email, password: 'nope' } });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    assert.equal(body.error.code, 'invalid_credentials');
    assert.ok(body.error.requestId);
  });

  it('answers 400 naming the field for a malformed login body', async () => {
    const res = await app.request('/api/auth/login', { method: 'POST', json: { email: 'not-an-email', password: 'x' } });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'validation_error');
    assert.match(body.error.message, /email/);
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const first = (await (await app.request('/api/auth/login', { method: 'POST', json: ADMIN })).json()) as { refreshToken: string };
    const second = await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: first.refreshToken } });
    assert.equal(second.status, 200);
    const { refreshToken: next, accessToken } = (await second.json()) as { refreshToken: string; accessToken: string };
    assert.equal((await app.request('/api/me', { token: accessToken })).status, 200);
    const replay = await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: first.refreshToken } });
    assert.equal(replay.status, 401);
    // The replay revoked the token that was issued after it too.
    const afterReplay = await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: next } });
    assert.equal(afterReplay.status, 401);
  });

  it('logout revokes the refresh token', async () => {
    const { refreshToken } = (await (await app.request('/api/auth/login', { method: 'POST', json: ADMIN })).json()) as { refreshToken: string };
    assert.equal((await app.request('/api/auth/logout', { method: 'POST', json: { refreshToken } })).status, 204);
    assert.equal((await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken } })).status, 401);
  });

  it('rejects expired, foreign-signed and garbage tokens', async () => {
    const me = (await (await app.request('/api/me', { token: await app.login() })).json()) as { user: { id: string } };
    const now = Math.floor(Date.now() / 1000);
    const sign = (secret: Uint8Array, exp: number) =>
      new SignJWT({ role: 'authenticated' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(me.user.id)
        .setIssuer('parley')
        .setAudience('authenticated')
        .setIssuedAt(now - 7200)
        .setExpirationTime(exp)
        .sign(secret);
    for (const token of [await sign(app.ctx.keys.jwtSecret, now - 3600), await sign(new TextEncoder().encode('x'.repeat(40)), now + 3600), 'garbage']) {
      const res = await app.request('/api/me', { token });
      assert.equal(res.status, 401);
    }
  });

  it('answers 401 with a reason, not 500, for a validly signed token whose subject is not a UUID', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const sub of ['not-a-uuid', '------------------------------------', "1' or '1'='1"]) {
      const token = await new SignJWT({ role: 'authenticated', ver: 0 })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer('parley')
        .setAudience('authenticated')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(app.ctx.keys.jwtSecret);
      const res = await app.request('/api/me', { token });
      assert.equal(res.status, 401, sub);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'unauthorized');
      assert.match(body.error.message, /sub.*UUID/);
    }
  });

  it('answers 401 on every /api route but login, refresh, logout, config, openapi, the invite page\'s two and the chat widget\'s three', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const publicOps = new Set(['post /api/auth/login', 'post /api/auth/refresh', 'post /api/auth/logout', 'get /api/config', 'get /api/openapi.json', 'post /api/invites/lookup', 'post /api/invites/accept',
      'get /api/widget/config', 'post /api/widget/session', 'post /api/widget/clicks']);
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method} ${path}`;
        // The rest of the visitor API needs no dashboard token but a visitor's: without one, 401 too.
        const visitorOnly = path.startsWith('/api/widget/') && !publicOps.has(key);
        assert.equal(Array.isArray(op.security) && op.security.length === 0, publicOps.has(key) || visitorOnly, `${key} public flag`);
        if (publicOps.has(key)) continue;
        const res = await app.request(path.replace(/\{\w+\}/g, '00000000-0000-0000-0000-000000000000'), { method: method.toUpperCase() });
        assert.equal(res.status, 401, key);
        checked++;
      }
    }
    assert.ok(checked >= 3);
  });

  it('never writes passwords or tokens to the log', async () => {
    const session = (await (await app.request('/api/auth/login', { method: 'POST', json: ADMIN })).json()) as { accessToken: string; refreshToken: string };
    await app.request('/api/me', { token: session.accessToken });
    const all = app.logs.join('');
    assert.ok(all.includes('/api/auth/login'), 'requests are logged');
    for (const secret of [ADMIN.password, session.accessToken, session.refreshToken]) assert.ok(!all.includes(secret));
  });
});

describe('ending access tokens', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  type Session = { accessToken: string; refreshToken: string };
  const signIn = async (password = ADMIN.password) => {
    const res = await app.request('/api/auth/login', { method: 'POST', json: { email: ADMIN.email, password } });
    assert.equal(res.status, 200);
    return (await res.json()) as Session;
  };
  const me = (token: string) => app.request('/api/me', { token }).then((r) => r.status);

  it('logout ends every access token of the user at once; a new sign-in works', async () => {
    const [a, b] = [await signIn(), await signIn()];
    assert.equal(await me(a.accessToken), 200); // now cached by the authenticator
    assert.equal(await me(b.accessToken), 200);
    assert.equal((await app.request('/api/auth/logout', { method: 'POST', json: { refreshToken: a.refreshToken } })).status, 204);
    const res = await app.request('/api/me', { token: a.accessToken });
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /logout or password reset/);
    assert.equal(await me(b.accessToken), 401);
    // The other device's refresh token still renews its session, with a token of the new version.
    const renewed = await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: b.refreshToken } });
    assert.equal(renewed.status, 200);
    assert.equal(await me(((await renewed.json()) as Session).accessToken), 200);
    assert.equal(await me((await signIn()).accessToken), 200);
  });

  it('a logout with an unknown refresh token ends nothing', async () => {
    const { accessToken } = await signIn();
    await app.request('/api/auth/logout', { method: 'POST', json: { refreshToken: 'x'.repeat(43) } });
    assert.equal(await me(accessToken), 200);
  });

  it('resetAdminPassword ends the access tokens at once', async () => {
    const { accessToken } = await signIn();
    assert.equal(await me(accessToken), 200);
    await resetAdminPassword(app.ctx, ADMIN.email, 'a-brand-new-password');
    assert.equal(await me(accessToken), 401);
    assert.equal(await me((await signIn('a-brand-new-password')).accessToken), 200);
    await resetAdminPassword(app.ctx, ADMIN.email, ADMIN.password);
  });

  it('a reset made by another process (npm run admin:password) ends the tokens within 5 s', async () => {
    const { accessToken } = await signIn();
    assert.equal(await me(accessToken), 200);
    const other = createDb(app.ctx.databaseUrl, 1); // its own connection: this process's cache is not told
    try {
      await resetAdminPassword({ db: other }, ADMIN.email, ADMIN.password);
    } finally {
      await other.destroy();
    }
    const started = Date.now();
    await waitFor('the old token to be refused', () => me(accessToken), (s) => s === 401, 8000);
    assert.ok(Date.now() - started < 6000);
  });

  it('presenting a used refresh token again ends the access tokens too', async () => {
    const first = await signIn();
    const second = await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: first.refreshToken } });
    const { accessToken } = (await second.json()) as Session;
    assert.equal(await me(accessToken), 200);
    assert.equal((await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: first.refreshToken } })).status, 401);
    assert.equal(await me(accessToken), 401);
  });
});

describe('login rate limit', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('allows 10 failed attempts per 15 minutes, then answers 429 even for the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await app.request('/api/auth/login', { method: 'POST', json: { email: ADMIN.email, password: `wrong-${i}` } });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
    const res = await app.request('/api/auth/login', { method: 'POST', json: ADMIN });
    assert.equal(res.status, 429);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'rate_limited');
  });
});
