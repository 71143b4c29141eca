import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, startTestApp, type TestApp } from '../test/harness.ts';

interface Session {
  accessToken: string;
  refreshToken: string;
}

describe('changing the local password (POST /api/auth/password)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  const signIn = async (password: string) => {
    const res = await app.request('/api/auth/login', { method: 'POST', json: { email: ADMIN.email, password } });
    return { status: res.status, session: res.status === 200 ? ((await res.json()) as Session) : null };
  };
  const change = (token: string, currentPassword: unknown, newPassword: unknown) =>
    app.call('POST', '/api/auth/password', token, { currentPassword, newPassword });

  it('is declared in the OpenAPI document with its body schema', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, { post?: { requestBody?: unknown } }> };
    assert.ok(doc.paths['/api/auth/password']?.post?.requestBody);
  });

  it('refuses a wrong current password with 400 wrong_password and keeps the old one', async () => {
    const { session } = await signIn(ADMIN.password);
    const res = await change(session!.accessToken, 'not-the-password', 'a-brand-new-password');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'wrong_password');
    assert.equal(res.body.error.message, 'The current password is incorrect');
    assert.equal((await signIn(ADMIN.password)).status, 200);
    assert.equal((await app.request('/api/me', { token: session!.accessToken })).status, 200, 'a refused change ends no session');
  });

  it('refuses a new password shorter than 10 characters, or equal to the current one, with a reason', async () => {
    const { session } = await signIn(ADMIN.password);
    const short = await change(session!.accessToken, ADMIN.password, 'short');
    assert.equal(short.status, 400);
    assert.match(short.body.error.message, /newPassword: the new password must be at least 10 characters/);
    const same = await change(session!.accessToken, ADMIN.password, ADMIN.password);
    assert.equal(same.status, 400);
    assert.equal(same.body.error.code, 'same_password');
    for (const body of [{}, { currentPassword: 1, newPassword: 'a-brand-new-password' }, { currentPassword: ADMIN.password, newPassword: 'x'.repeat(1025) }]) {
      const res = await app.call('POST', '/api/auth/password', session!.accessToken, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal((await signIn(ADMIN.password)).status, 200);
  });

  it('needs a signed-in user', async () => {
    const res = await app.request('/api/auth/password', { method: 'POST', json: { currentPassword: ADMIN.password, newPassword: 'a-brand-new-password' } });
    assert.equal(res.status, 401);
  });

  it('sets the new password, ends every other session at once and keeps this device signed in', async () => {
    const here = (await signIn(ADMIN.password)).session!;
    const elsewhere = (await signIn(ADMIN.password)).session!;
    const next = 'a-brand-new-password';

    const res = await change(here.accessToken, ADMIN.password, next);
    assert.equal(res.status, 200);
    const fresh = res.body as Session & { user: { email: string } };
    assert.equal(fresh.user.email, ADMIN.email);
    assert.doesNotMatch(res.text, new RegExp(next), 'the password is never echoed');

    for (const token of [elsewhere.accessToken, here.accessToken]) {
      assert.equal((await app.request('/api/me', { token })).status, 401, 'access tokens issued before the change stop working');
    }
    // The other device renewing with its old refresh token must not count as token reuse, which
    // would end the session just issued here as well.
    for (const refreshToken of [elsewhere.refreshToken, here.refreshToken]) {
      assert.equal((await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken } })).status, 401);
    }
    assert.equal((await app.request('/api/me', { token: fresh.accessToken })).status, 200);
    assert.equal((await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: fresh.refreshToken } })).status, 200);

    assert.equal((await signIn(ADMIN.password)).status, 401, 'the old password no longer signs in');
    assert.equal((await signIn(next)).status, 200, 'the new one does');
    assert.ok(!app.logs.some((line) => line.includes(next)), 'the password is never logged');
  });
});
