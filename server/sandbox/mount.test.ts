import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { META_APP_SECRET, startTestApp, type TestApp } from '../test/harness.ts';
import { rawRequest } from '../test/raw-request.ts';
import { startSandbox } from './index.ts';
import { classifySandboxUrl } from './mount.ts';
import { sandboxKeys } from './keys.ts';

// The app itself (no nginx in front): only the exact /sandbox prefix reaches the simulator, only
// from this machine without proxy headers, and /control/** only with the install's token.
describe('the in-app simulator mount', () => {
  let app: TestApp;
  let port: number;
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) => rawRequest({ port }, method, path, headers, body);
  const token = () => ({ 'x-sandbox-token': app.sandboxToken });

  before(async () => {
    app = await startTestApp();
    port = Number(new URL(app.url).port);
  });
  after(() => app?.stop());

  it('holds its own webhook secret, never META_APP_SECRET', async () => {
    const res = await call('GET', '/sandbox/control/knobs', token());
    assert.equal(res.status, 200, res.body);
    assert.ok(!res.body.includes(META_APP_SECRET), 'the knobs show the Meta app secret');
    assert.equal(JSON.parse(res.body).global.appSecret, sandboxKeys(app.ctx.keys.encryptionKey).webhookSecret);
  });

  it('answers 404 to every look-alike of the prefix, token or not', async () => {
    const lookalikes = [
      '/SANDBOX/control/knobs', '/Sandbox/control/knobs', '/sandBOX/control/knobs', '/%73andbox/control/knobs', '/%2573andbox/control/knobs',
      '//sandbox/control/knobs', '/sandbox//control/knobs', '/sandbox/../sandbox/control/knobs', '/sandbox/v1/../control/openai/knobs',
      '/sandbox/v1/%2e%2e/control/openai/requests', '/sandbox/%63ontrol/knobs', '/SANDBOX', '/Sandbox/', '/\\sandbox/control/knobs',
      'http://127.0.0.1/SANDBOX/control/knobs', 'http://127.0.0.1/sandbox/control/knobs',
    ];
    for (const path of lookalikes) {
      for (const headers of [{}, token(), { ...token(), accept: 'text/html' }] as Record<string, string>[]) {
        const res = await call('GET', path, headers);
        assert.equal(res.status, 404, `GET ${path}: ${res.status} ${res.body.slice(0, 200)}`);
        assert.equal(JSON.parse(res.body).error.code, 'not_found', path);
        assert.ok(!res.body.includes(app.sandboxToken) && !res.body.includes(META_APP_SECRET));
      }
    }
  });

  it('needs the control token on /control/** (including /control/openai/**)', async () => {
    for (const path of ['/sandbox/control/knobs', '/sandbox/control/openai/requests', '/sandbox/control/webhooks', '/sandbox/control']) {
      for (const headers of [{}, { 'x-sandbox-token': 'wrong' }, { 'x-sandbox-token': app.sandboxToken.slice(0, -1) }, { authorization: `Bearer ${app.sandboxToken}` }] as Record<string, string>[]) {
        const res = await call('GET', path, headers);
        assert.equal(res.status, 401, `GET ${path} ${JSON.stringify(headers)}: ${res.status}`);
        assert.equal(JSON.parse(res.body).error.code, 'sandbox_token_required');
      }
    }
    const emit = JSON.stringify({ phone_number_id: '555000111222333', from: '447700900123', type: 'text', text: 'forged', flush: true });
    const res = await call('POST', '/sandbox/control/inbound', { 'content-type': 'application/json' }, emit);
    assert.equal(res.status, 401);
    assert.equal((await call('GET', '/sandbox/control/openai/requests', token())).status, 200);
  });

  it('refuses any request that came through a proxy, token or not', async () => {
    for (const h of [{ 'x-forwarded-for': '203.0.113.9' }, { 'x-real-ip': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }] as Record<string, string>[]) {
      for (const path of ['/sandbox/control/knobs', '/sandbox/graph/v23.0/555000111222333', '/sandbox/v1/models']) {
        const res = await call('GET', path, { ...token(), ...h });
        assert.equal(res.status, 403, `${path} ${JSON.stringify(h)}: ${res.status}`);
        assert.equal(JSON.parse(res.body).error.code, 'sandbox_proxied');
      }
    }
  });

  it("keeps the app's own calls working: Graph and the OpenAI simulator need no control token", async () => {
    const graph = await call('GET', '/sandbox/graph/v23.0/555000111222333', { authorization: 'Bearer sandbox-any' });
    assert.equal(graph.status, 200, graph.body);
    assert.equal(JSON.parse(graph.body).id, '555000111222333');
    const models = await call('GET', '/sandbox/v1/models', { authorization: 'Bearer sk-test' });
    assert.equal(models.status, 200, models.body);
  });

  it('GET /api/sandbox gives a signed-in user the base URL and the working token; nobody else', async () => {
    assert.equal((await app.request('/api/sandbox')).status, 401);
    const res = await app.request('/api/sandbox', { token: await app.login() });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { enabled: boolean; baseUrl: string; controlToken: string };
    assert.equal(body.enabled, true);
    assert.equal(body.baseUrl, `${app.url}/sandbox`);
    assert.equal((await call('GET', '/sandbox/control/knobs', { 'x-sandbox-token': body.controlToken })).status, 200);
    const openapi = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    assert.ok(openapi.paths['/api/sandbox'], '/api/sandbox is not in the OpenAPI document');
  });

  it('classifies paths exactly', () => {
    assert.equal(classifySandboxUrl('/sandbox/control/knobs?x=1'), 'sandbox');
    assert.equal(classifySandboxUrl('/sandbox?x=1'), 'sandbox');
    assert.equal(classifySandboxUrl('/sandboxes'), 'other');
    assert.equal(classifySandboxUrl('/api/config'), 'other');
    assert.equal(classifySandboxUrl('/inbox/%E0%A4'), 'other'); // a malformed escape elsewhere is not ours
    assert.equal(classifySandboxUrl('/SANDBOX?x'), 'lookalike');
    assert.equal(classifySandboxUrl('http://127.0.0.1:8080/sandbox/control/knobs'), 'lookalike');
    assert.equal(classifySandboxUrl('http://127.0.0.1:8080/SANDBOX/control/knobs'), 'lookalike');
    assert.equal(classifySandboxUrl('http://127.0.0.1:8080/api/config'), 'other');
  });
});

describe('the simulator with SANDBOX_ENABLED=false', () => {
  it('mounts nothing, and look-alikes still never reach the dashboard fallback', async () => {
    const app = await startTestApp({ SANDBOX_ENABLED: 'false' });
    try {
      const port = Number(new URL(app.url).port);
      for (const path of ['/sandbox/control/knobs', '/SANDBOX/control/knobs', '//sandbox/']) {
        const res = await rawRequest({ port }, 'GET', path, { accept: 'text/html', 'x-sandbox-token': app.sandboxToken });
        assert.equal(res.status, 404, path);
      }
      const res = await app.request('/api/sandbox', { token: await app.login() });
      assert.deepEqual(await res.json(), { enabled: false, baseUrl: null, controlToken: null, controlTokenHeader: 'X-Sandbox-Token' });
    } finally {
      await app.stop();
    }
  });
});

describe('the standalone simulator (npm run sim)', () => {
  it('needs no token by default, and checks --control-token when given, also behind /v1/../', async () => {
    const open = await startSandbox({ openai: {}, autoRegister: true });
    const locked = await startSandbox({ openai: {}, autoRegister: true, controlToken: 'tok-123' });
    try {
      assert.equal((await fetch(`${open.url}/control/knobs`)).status, 200);
      assert.equal((await fetch(`${locked.url}/control/knobs`)).status, 401);
      assert.equal((await fetch(`${locked.url}/control/knobs`, { headers: { 'x-sandbox-token': 'tok-123' } })).status, 200);
      const sneaky = await rawRequest({ port: locked.port }, 'GET', '/v1/../control/openai/requests');
      assert.equal(sneaky.status, 401, sneaky.body);
      assert.equal((await fetch(`${locked.url}/graph/v23.0/555000111222333`, { headers: { authorization: 'Bearer x' } })).status, 200);
    } finally {
      await open.close();
      await locked.close();
    }
  });
});
