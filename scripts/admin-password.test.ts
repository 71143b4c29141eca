import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ADMIN, startTestApp, waitFor, type TestApp } from '../server/test/harness.ts';

const run = promisify(execFile);

describe('npm run admin:password', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('sets a generated password, prints it once, and signs out existing sessions', async () => {
    const session = (await (await app.request('/api/auth/login', { method: 'POST', json: ADMIN })).json()) as { refreshToken: string; accessToken: string };
    const me = () => app.request('/api/me', { token: session.accessToken }).then((r) => r.status);
    assert.equal(await me(), 200);
    const env = { ...process.env, DATABASE_URL: app.ctx.databaseUrl, ENCRYPTION_KEY: 'ab'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/admin-password.ts'], { env });
    const password = /New password for admin@example\.com: (\S+)/.exec(stdout)?.[1];
    assert.ok(password, stdout);
    const login = (pw: string) => app.request('/api/auth/login', { method: 'POST', json: { email: ADMIN.email, password: pw } });
    assert.equal((await login(ADMIN.password)).status, 401);
    assert.equal((await login(password)).status, 200);
    assert.equal((await app.request('/api/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } })).status, 401);
    // The access token too, once the server re-reads the user (at most 5 s after the reset).
    await waitFor('the old access token to be refused', me, (s) => s === 401, 7000);
  });

  it('refuses an unknown email and a too-short password with a clear message', async () => {
    const env = { ...process.env, DATABASE_URL: app.ctx.databaseUrl, ENCRYPTION_KEY: 'ab'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
    await assert.rejects(run(process.execPath, ['--import', 'tsx', 'scripts/admin-password.ts', '--email', 'nobody@example.com'], { env }), /no local user with email nobody@example\.com/);
    await assert.rejects(run(process.execPath, ['--import', 'tsx', 'scripts/admin-password.ts', '--password', 'short'], { env }), /at least 10 characters/);
  });
});
