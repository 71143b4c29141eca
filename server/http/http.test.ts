import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';

describe('HTTP basics', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp();
    token = await app.login();
  });
  after(() => app.stop());

  it('/healthz answers while the process is up; /readyz checks database and pg-boss', async () => {
    assert.equal((await app.request('/healthz')).status, 200);
    const ready = await app.request('/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: object }).checks, { database: true, jobs: true, realtime: true });
  });

  it('/readyz answers 503 when the database is gone', async () => {
    const other = await startTestApp();
    await other.ctx.db.destroy();
    const res = await other.request('/readyz');
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { checks: { database: boolean } }).checks.database, false);
    await other.stop().catch(() => {});
  });

  it('/api/version gives version, commit, start time and mode', async () => {
    const body = (await (await app.request('/api/version', { token })).json()) as Record<string, string>;
    assert.match(body.version!, /^\d+\.\d+\.\d+/);
    assert.ok(!Number.isNaN(Date.parse(body.startedAt!)));
    assert.equal(body.mode, 'external');
  });

  it('errors are JSON {error:{code,message,requestId}} and echo a caller request id', async () => {
    const res = await app.request('/api/nope', { token, headers: { 'x-request-id': 'trace-123' } });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-request-id'), 'trace-123');
    assert.deepEqual(await res.json(), { error: { code: 'not_found', message: 'No route for GET /api/nope', requestId: 'trace-123' } });
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_json');
  });

  it('bodies over the 1 MB API limit get 413', async () => {
    const res = await app.request('/api/auth/login', { method: 'POST', json: { email: 'a@b.co', password: 'x'.repeat(1_100_000) } });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  });

  it('sets security headers', async () => {
    const res = await app.request('/healthz');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('content-security-policy')?.includes("default-src 'self'"));
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('publishes an OpenAPI document built from the request schemas', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, any> };
    assert.equal(doc.openapi, '3.1.0');
    const login = doc.paths['/api/auth/login'].post;
    assert.deepEqual(login.requestBody.content['application/json'].schema.required, ['email', 'password']);
  });
});
