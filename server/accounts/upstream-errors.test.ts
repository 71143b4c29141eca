import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { syncTemplates } from '../templates/sync.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';

// A Graph endpoint that echoes the request's Authorization header in its error message and
// details (as a hostile or broken proxy would): none of that text may reach an API answer,
// a stored reason or the logs.

const TOKEN = 'EAAG-hostile-echo-secret-42';

describe("Meta's error text is summarised, never echoed", () => {
  let app: TestApp;
  let graph: Server;
  let answer = { status: 401, code: 190 };
  const seenPaths: string[] = [];
  const api = async (path: string, init: { method?: string; json?: unknown } = {}) => {
    const res = await app.request(path, { ...init, token: await app.login() });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) };
  };

  before(async () => {
    graph = createServer((req, res) => {
      seenPaths.push(req.url ?? '');
      if (answer.status === 200) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '654321', display_phone_number: '+1 555 0100', verified_name: 'Echo' }));
        return;
      }
      const echo = `Cannot parse access token from header ${req.headers.authorization}`;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: echo, type: 'OAuthException', code: answer.code, error_data: { details: echo } } }));
    });
    await new Promise<void>((r) => graph.listen(0, '127.0.0.1', r));
    app = await startTestApp({ META_GRAPH_BASE_URL: `http://127.0.0.1:${(graph.address() as AddressInfo).port}/v23.0`, LOG_LEVEL: 'debug' });
  });
  after(async () => {
    await app.stop();
    await new Promise((r) => graph.close(r));
  });

  const clean = (text: string) => {
    assert.ok(!text.includes(TOKEN), `token echoed: ${text}`);
    assert.ok(!text.includes('Cannot parse'), `Meta's text echoed: ${text}`);
  };

  it('Test connection names the status, code and title', async () => {
    answer = { status: 401, code: 190 };
    const r = await api('/api/accounts/test-connection', { method: 'POST', json: { phoneNumberId: '123456', accessToken: TOKEN } });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, 'connection_failed');
    assert.equal(r.body.error.message, 'Test connection failed: the access token is invalid or expired (Meta answered HTTP 401, error 190 (Access token expired or invalid))');
    clean(r.text);

    answer = { status: 400, code: 100 };
    const unknown = await api('/api/accounts/test-connection', { method: 'POST', json: { phoneNumberId: '123456', accessToken: TOKEN } });
    assert.match(unknown.body.error.message, /does not exist .* \(Meta answered HTTP 400, error 100 \(Invalid parameter\)\)$/);
    clean(unknown.text);

    answer = { status: 400, code: 987654 };
    const odd = await api('/api/accounts/test-connection', { method: 'POST', json: { phoneNumberId: '123456', accessToken: TOKEN } });
    assert.match(odd.body.error.message, /Meta refused the request \(Meta answered HTTP 400, error 987654\)$/);
    clean(odd.text);
  });

  it('a stored number: the check, its inactive reason and a template sync stay clean', async () => {
    const [n] = await app.ctx.db('channel_accounts')
      .insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: 'Echo', external_id: '654321', waba_id: '777', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, TOKEN, ACCOUNT_TOKEN) })
      .returning('*');
    answer = { status: 401, code: 190 };
    const check = await api(`/api/accounts/${n.id}/check`, { method: 'POST' });
    assert.equal(check.status, 422);
    clean(check.text);
    const list = await api('/api/accounts');
    const stored = list.body.items.find((x: { id: string }) => x.id === n.id);
    assert.equal(stored.isActive, false);
    assert.match(stored.inactiveReason, /error 190/);
    clean(list.text);

    await assert.rejects(syncTemplates(app.ctx, n), (err: Error) => {
      assert.match(err.message, /failed on page 1: Meta answered HTTP 401, error 190/);
      clean(err.message);
      return true;
    });

    // a real number's token cannot be re-pointed at the simulator (or back) by a token update
    answer = { status: 200, code: 0 };
    const before = seenPaths.length;
    const update = await api(`/api/accounts/${n.id}/token`, { method: 'PUT', json: { accessToken: `${TOKEN}-new`, sandbox: true } });
    assert.ok(update.status === 200 || update.status === 400, update.text);
    assert.equal((await app.ctx.db('channel_accounts').where({ id: n.id }).first('is_sandbox')).is_sandbox, false);
    if (update.status === 200) assert.ok(seenPaths.length > before, 'the new token was checked against Meta, not the simulator');
    assert.equal(JSON.stringify(await app.sandbox('GET', '/control/requests?limit=1000')).includes(TOKEN), false);

    const logs = app.logs.join('');
    assert.ok(logs.includes('Graph connection check failed'), 'the details are logged at debug');
    clean(logs.replaceAll('Cannot parse', 'Cannot-parse')); // Meta's words may be logged, the token not
  });
});
