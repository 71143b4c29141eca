import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyGraphError } from './errors.ts';
import { createGraphClient, type GraphClient } from './graph-client.ts';
import { createGraphHttp } from '../graph-http.ts';

// The adapter against a plain HTTP server that answers with Meta's documented shapes.
describe('Graph client', () => {
  let server: Server;
  let client: GraphClient;
  const seen: Array<{ method: string; url: string; auth: string; body: string }> = [];
  let reply: (url: string) => { status: number; body: unknown; delayMs?: number } = () => ({ status: 200, body: {} });

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: String(req.headers.authorization), body });
        const r = reply(req.url!);
        setTimeout(() => {
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
        }, r.delayMs ?? 0);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = createGraphClient(createGraphHttp({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graph/v23.0`, timeoutMs: 300 }));
  });
  after(async () => {
    await client.close();
    server.closeAllConnections();
    server.close();
  });

  it('sends a message with the bearer token and returns the wamid', async () => {
    reply = () => ({ status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: '+919876543210', wa_id: '919876543210' }], messages: [{ id: 'wamid.ABC', message_status: 'accepted' }] } });
    const r = await client.sendMessage('555', 'tok-1', { messaging_product: 'whatsapp', to: '919876543210', type: 'text', text: { body: 'hi' } });
    assert.deepEqual(r, { ok: true, wamid: 'wamid.ABC', waId: '919876543210' });
    const last = seen.at(-1)!;
    assert.equal(last.url, '/graph/v23.0/555/messages');
    assert.equal(last.auth, 'Bearer tok-1');
    assert.equal(JSON.parse(last.body).to, '919876543210');
  });

  it('classifies Meta errors by code', async () => {
    const err = (code: number, status: number, extra: object = {}) => () => ({ status, body: { error: { message: `(#${code}) x`, type: 'OAuthException', code, error_data: { details: `details ${code}` }, ...extra } } });
    const cases: Array<[ReturnType<typeof err>, string, boolean]> = [
      [err(190, 401, { error_subcode: 463 }), 'auth', false],
      [err(130429, 400), 'throughput', true],
      [err(131056, 400), 'pair_rate', true],
      [err(131000, 500), 'transient', true],
      [err(131026, 400), 'permanent', false],
      [err(132001, 400), 'permanent', false],
    ];
    for (const [r, kind, retryable] of cases) {
      reply = r;
      const res = await client.sendMessage('555', 't', {});
      assert.equal(res.ok, false);
      if (!res.ok) {
        assert.equal(res.kind, kind);
        assert.equal(res.retryable, retryable);
        assert.match(res.reason, /^details \d+$/);
      }
    }
  });

  it('treats a bare 5xx, non-JSON bodies and timeouts as retryable, never throwing', async () => {
    reply = () => ({ status: 503, body: 'upstream down' });
    const a = await client.getPhoneNumber('555', 't');
    assert.equal(a.ok, false);
    if (!a.ok) assert.equal(a.retryable, true);
    reply = () => ({ status: 200, body: {}, delayMs: 1000 });
    const b = await client.getPhoneNumber('555', 't');
    assert.equal(b.ok, false);
    if (!b.ok) assert.deepEqual([b.kind, b.retryable], ['network', true]);
  });

  it('lists templates with paging parameters and the fields Parley stores', async () => {
    reply = () => ({ status: 200, body: { data: [{ id: '1', name: 'a' }], paging: { cursors: { after: 'CUR' }, next: 'http://x/next' } } });
    const r = await client.listTemplates('waba1', 't', { limit: 100, after: 'PREV' });
    assert.ok(r.ok);
    const url = new URL(seen.at(-1)!.url, 'http://x');
    assert.equal(url.pathname, '/graph/v23.0/waba1/message_templates');
    assert.equal(url.searchParams.get('after'), 'PREV');
    assert.ok(url.searchParams.get('fields')!.includes('quality_score'));
  });

  it('classifies without an HTTP status too', () => {
    assert.equal(classifyGraphError(null, null).kind, 'transient');
    assert.equal(classifyGraphError(429, null).retryable, true);
    assert.equal(classifyGraphError(400, { code: 100 }).kind, 'permanent');
  });
});
