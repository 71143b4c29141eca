import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { SITE_CONFIG } from '../test/nginx.ts';
import { sandboxKeys } from '../sandbox/keys.ts';
import { startNginx, type RunningNginx } from '../test/nginx.ts';
import { rawRequest } from '../test/raw-request.ts';
import { META_APP_SECRET, startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { signBody } from '../webhooks/signature.ts';

// The shipped nginx/parley.conf on a real nginx in front of a real app: the simulator is out of
// reach however its path is spelt, while the dashboard, the API, Meta's webhook, the web chat
// widget and its visitors' live streams (unbuffered) pass through.
describe('nginx/parley.conf in front of the app', () => {
  let app: TestApp;
  let nginx: RunningNginx;
  let secrets: string[];
  const https = () => ({ port: nginx.httpsPort, tls: nginx.tls });

  before(async () => {
    app = await startTestApp();
    nginx = await startNginx(Number(new URL(app.url).port));
    const k = sandboxKeys(app.ctx.keys.encryptionKey);
    secrets = [META_APP_SECRET, k.webhookSecret, k.controlToken];
  });
  after(async () => {
    await nginx?.stop();
    await app?.stop();
  });

  const SPELLINGS = [
    '/sandbox/control/knobs',
    '/SANDBOX/control/knobs',
    '/Sandbox/control/knobs',
    '/sAnDbOx/control/knobs',
    '/%73andbox/control/knobs',
    '/%53ANDBOX/control/knobs',
    '//sandbox/control/knobs',
    '///SANDBOX//control/knobs',
    '/webhooks/../sandbox/control/knobs',
    '/api/%2e%2e/sandbox/control/knobs',
    '/sandbox',
    '/sandbox/v1/models',
    '/SANDBOX/graph/v23.0/555000111222333',
  ];

  it('refuses every spelling of the simulator path in nginx itself, even with the control token', async () => {
    for (const path of SPELLINGS) {
      for (const headers of [{}, { 'x-sandbox-token': app.sandboxToken }] as Record<string, string>[]) {
        const res = await rawRequest(https(), 'GET', path, headers);
        assert.equal(res.status, 404, `GET ${path}: ${res.status} ${res.body.slice(0, 200)}`);
        // The app stamps every answer with X-Request-Id: its absence shows nginx answered alone.
        assert.equal(res.headers['x-request-id'], undefined, `GET ${path} reached the app`);
        for (const s of secrets) assert.ok(!res.body.includes(s), `GET ${path} leaked a secret`);
      }
    }
  });

  it('cannot inject inbound messages through the emit and inbound endpoints', async () => {
    const before = await app.ctx.db('webhook_events').count<{ n: string }[]>({ n: '*' });
    for (const path of ['/SANDBOX/control/webhooks/emit', '/sandbox/control/inbound', '/Sandbox/control/inbound', '//sandbox/control/inbound']) {
      const body = JSON.stringify({ phone_number_id: '555000111222333', from: '447700900123', type: 'text', text: 'forged', flush: true });
      const res = await rawRequest(https(), 'POST', path, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-sandbox-token': app.sandboxToken }, body);
      assert.equal(res.status, 404, `POST ${path}: ${res.status}`);
      assert.equal(res.headers['x-request-id'], undefined, `POST ${path} reached the app`);
    }
    assert.deepEqual(await app.ctx.db('webhook_events').count<{ n: string }[]>({ n: '*' }), before);
  });

  it('the plain-http block only redirects, whatever the path', async () => {
    for (const path of ['/SANDBOX/control/knobs', '/sandbox/control/knobs']) {
      const res = await rawRequest({ port: nginx.httpPort }, 'GET', path);
      assert.equal(res.status, 301, path);
      assert.equal(res.headers['x-request-id'], undefined);
    }
  });

  it('passes the dashboard, the API and signed Meta webhooks through to the app', async () => {
    const home = await rawRequest(https(), 'GET', '/', { accept: 'text/html' });
    assert.ok(home.headers['x-request-id'], 'GET / did not reach the app');
    if (existsSync(new URL('../../frontend/dist/index.html', import.meta.url))) {
      assert.equal(home.status, 200);
      assert.match(home.body, /<html/i);
    } else assert.equal(home.status, 503); // the app's "run npm run build" page

    const config = await rawRequest(https(), 'GET', '/api/config');
    assert.equal(config.status, 200);
    assert.equal(JSON.parse(config.body).authMode, 'local');

    const payload = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '102938475610001', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' }, statuses: [] } }] }],
    });
    const hook = await rawRequest(
      https(),
      'POST',
      '/webhooks/meta',
      { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), 'x-hub-signature-256': signBody(META_APP_SECRET, payload) },
      payload,
    );
    assert.equal(hook.status, 200, hook.body);
    assert.equal(hook.body, 'EVENT_RECEIVED');
    await waitFor('the webhook stored', () => app.ctx.db('webhook_events').where({ body: payload }).count<{ n: string }[]>({ n: '*' }), (r) => Number(r[0].n) === 1);

    const forged = await rawRequest(https(), 'POST', '/webhooks/meta', { 'content-type': 'application/json', 'x-hub-signature-256': signBody('wrong', payload) }, payload);
    assert.equal(forged.status, 401);
  });

  it('passes the web chat widget through, and streams a visitor\'s events unbuffered', async () => {
    const block = /location = \/api\/widget\/stream \{([^}]*)\}/.exec(readFileSync(SITE_CONFIG, 'utf8'));
    assert.ok(block, 'nginx/parley.conf has a location for /api/widget/stream');
    assert.match(block[1]!, /proxy_buffering off;/);
    assert.match(block[1]!, /proxy_read_timeout 1h;/);

    const loader = await rawRequest(https(), 'GET', '/widget.js');
    assert.ok(loader.headers['x-request-id'], 'GET /widget.js did not reach the app');
    assert.ok([200, 503].includes(loader.status), `GET /widget.js: ${loader.status}`);

    const admin = await app.login();
    const widget = (await app.call('POST', '/api/webchat/widgets', admin, { name: 'Through nginx', allowedOrigins: ['https://shop.example.com'] })).body;
    const body = JSON.stringify({ key: widget.key, origin: 'https://shop.example.com' });
    const session = await rawRequest(https(), 'POST', '/api/widget/session', { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'sec-fetch-site': 'same-origin' }, body);
    assert.equal(session.status, 200, session.body);
    const token = JSON.parse(session.body).token as string;
    // The first event must arrive while the stream stays open: a buffered proxy would hold it back.
    const first = await new Promise<string>((resolve, reject) => {
      const send = nginx.tls ? httpsRequest : httpRequest;
      const req = send({ host: '127.0.0.1', port: nginx.httpsPort, method: 'GET', path: '/api/widget/stream', rejectUnauthorized: false, agent: false, headers: { authorization: `Bearer ${token}`, 'sec-fetch-site': 'same-origin', accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        res.once('data', (chunk: Buffer) => {
          resolve(chunk.toString('utf8'));
          req.destroy();
        });
      });
      req.setTimeout(5000, () => req.destroy(new Error('no event through nginx within 5 s')));
      req.on('error', reject);
      req.end();
    });
    assert.match(first, /event: ready/);
  });
});
