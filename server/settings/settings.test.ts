import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../test/harness.ts';

// The LLM key only goes to the server it was entered for, and what another server answers is
// summarised, never echoed.

interface Hostile {
  url: string;
  seen: string[];
  /** The next answers: status and a body that echoes the request's Authorization header. */
  status: number;
  server: Server;
}

async function hostileServer(): Promise<Hostile> {
  const h: Hostile = { url: '', seen: [], status: 401, server: null as unknown as Server };
  h.server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    h.seen.push(auth);
    res.writeHead(h.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${auth} (echoed header)`, type: 'invalid_request_error', code: h.status === 401 ? 'invalid_api_key' : auth } }));
  });
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', r));
  h.url = `http://127.0.0.1:${(h.server.address() as AddressInfo).port}/v1`;
  return h;
}

describe('LLM settings keep the key with its server', () => {
  let app: TestApp;
  let token: string;
  let hostile: Hostile;
  const KEY = 'sk-parley-secret-0123456789';
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);

  before(async () => {
    app = await startTestApp({ LOG_LEVEL: 'debug' });
    token = await app.login();
    hostile = await hostileServer();
  });
  after(async () => {
    await app.stop();
    await new Promise((r) => hostile.server.close(r));
  });

  it('a new base URL without the key is refused and changes nothing', async () => {
    const sim = `${app.url}/sandbox/v1`;
    assert.equal((await call('PUT', '/api/settings/llm', { apiKey: KEY, baseUrl: sim, model: 'gpt-sim' })).status, 200);
    const moved = await call('PUT', '/api/settings/llm', { baseUrl: hostile.url, model: 'gpt-4o' });
    assert.equal(moved.status, 400);
    assert.equal(moved.body.error.code, 'api_key_required');
    assert.match(moved.body.error.message, /API key again/);
    const now = await call('GET', '/api/settings/llm');
    assert.deepEqual([now.body.baseUrl, now.body.model, now.body.apiKeySet], [sim, 'gpt-sim', true]);

    // the same server (trailing slash, host case) is not a move; the dashboard always sends baseUrl
    assert.equal((await call('PUT', '/api/settings/llm', { baseUrl: `${sim}/`, model: 'gpt-sim-2' })).status, 200);
    assert.equal((await call('PUT', '/api/settings/llm', { baseUrl: sim })).status, 200);

    const test = await call('POST', '/api/settings/llm/test', { baseUrl: hostile.url });
    assert.equal(test.status, 400);
    assert.equal(test.body.error.code, 'api_key_required');
    assert.deepEqual(hostile.seen, [], 'the stored key never reached the other server');
  });

  it('a key that cannot travel in a header is refused up front, not at the first call (502)', async () => {
    for (const apiKey of ['sk-with space', 'sk-\u00e9t\u00e9', 'sk-\ud800x']) {
      for (const [method, path] of [['PUT', '/api/settings/llm'], ['POST', '/api/settings/llm/test']] as const) {
        const r = await call(method, path, { apiKey });
        assert.equal(r.status, 400, `${method} ${path} ${JSON.stringify(apiKey)}: ${r.text}`);
        assert.match(r.body.error.message, /visible ASCII/);
      }
    }
  });

  it('moving with the key again, or clearing it, is accepted', async () => {
    const cleared = await call('PUT', '/api/settings/llm', { baseUrl: 'https://llm.example.net/v1', apiKey: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.apiKeySet, false);
    const withKey = await call('PUT', '/api/settings/llm', { baseUrl: hostile.url, apiKey: KEY });
    assert.equal(withKey.status, 200);
    assert.equal(withKey.body.apiKeySet, true);
    // with no key stored, a move needs none
    await call('PUT', '/api/settings/llm', { apiKey: null });
    assert.equal((await call('PUT', '/api/settings/llm', { baseUrl: `${app.url}/sandbox/v1` })).status, 200);
  });

  it('the test call summarises what the server answered and never echoes its body or the key', async () => {
    await call('PUT', '/api/settings/llm', { baseUrl: hostile.url, apiKey: KEY });
    for (const [status, summary] of [
      [401, /answered 401: invalid API key \(invalid_api_key\)/],
      [500, /answered 500: server error$/],
      [418, /answered 418: the request failed$/],
    ] as const) {
      hostile.status = status;
      const r = await call('POST', '/api/settings/llm/test');
      assert.equal(r.status, 502);
      assert.equal(r.body.error.code, 'llm_unreachable');
      assert.match(r.body.error.message, summary);
      assert.ok(!r.text.includes(KEY.slice(3)), r.text);
      assert.ok(!r.text.includes('echoed'), r.text);
    }
    assert.ok(hostile.seen.every((h) => h === `Bearer ${KEY}`));
    assert.ok(!app.logs.join('').includes(KEY.slice(3)), 'the key is not logged, even at debug');
    assert.ok(app.logs.some((l) => l.includes('LLM test failed')), 'the details are logged at debug');

    // a key given with the request is used for that call only
    hostile.status = 401;
    const seen = hostile.seen.length;
    const given = await call('POST', '/api/settings/llm/test', { baseUrl: hostile.url, apiKey: 'sk-other-9876543210' });
    assert.equal(given.status, 502);
    assert.equal(hostile.seen[seen], 'Bearer sk-other-9876543210');
    assert.ok(!given.text.includes('9876543210'));
  });

  it('an unreachable server is named as such', async () => {
    const r = await call('POST', '/api/settings/llm/test', { baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-unreachable-1' });
    assert.equal(r.status, 502);
    assert.match(r.body.error.message, /could not be reached/);
  });
});

describe('the environment key stays with the environment base URL', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ OPENAI_API_KEY: 'sk-env-key-0123456789', OPENAI_BASE_URL: 'https://api.openai.com/v1' });
  });
  after(() => app.stop());

  it('is not used once the dashboard points at another server', async () => {
    const token = await app.login();
    const get = async () => (await (await app.request('/api/settings/llm', { token })).json()) as { apiKeySet: boolean };
    assert.equal((await get()).apiKeySet, true);
    const res = await app.request('/api/settings/llm', { method: 'PUT', token, json: { baseUrl: 'https://elsewhere.example.net/v1' } });
    assert.equal(res.status, 200);
    assert.equal((await get()).apiKeySet, false);
    await app.request('/api/settings/llm', { method: 'PUT', token, json: { baseUrl: 'https://api.openai.com/v1/' } });
    assert.equal((await get()).apiKeySet, true);
  });
});
