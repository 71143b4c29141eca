import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { z } from 'zod';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { createLogger } from '../lib/logger.ts';
import { errorHandler } from './errors.ts';
import { defineRoute, mountRoutes } from './route.ts';
import { cleanStrings, cleanText } from './schemas.ts';
import { createCampaignFields } from '../campaigns/schema.ts';

type ErrorBody = { error: { code: string; message: string; requestId: string } };

describe('client errors are 4xx with a reason', () => {
  let app: TestApp;
  let token: string;
  const get = async (path: string) => {
    const res = await app.request(path, { token });
    return { status: res.status, body: (await res.json()) as any };
  };
  before(async () => {
    app = await startTestApp();
    token = await app.login();
  });
  after(() => app.stop());

  it('bad gzip bytes, unauthenticated, on login and on the webhook: 400 invalid_content_encoding', async () => {
    for (const path of ['/api/auth/login', '/webhooks/meta']) {
      const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'these bytes are not gzip' });
      assert.equal(res.status, 400, path);
      const body = (await res.json()) as ErrorBody;
      assert.equal(body.error.code, 'invalid_content_encoding', path);
      assert.match(body.error.message, /not valid gzip/);
    }
  });

  it('a cursor of 36 dashes (or any non-UUID id part) is a 400; a real cursor still pages', async () => {
    for (const cursor of ['-'.repeat(36), `1700000000000_${'-'.repeat(36)}`, `99999999999999999_${crypto.randomUUID()}`, '_']) {
      for (const path of ['/api/inbox/conversations', '/api/notifications']) {
        const r = await get(`${path}?cursor=${encodeURIComponent(cursor)}`);
        assert.equal(r.status, 400, `${path} ${cursor}`);
        assert.match(r.body.error.message, /cursor must come from a previous page/);
      }
    }
    await app.ctx.db('notifications').insert([1, 2, 3].map((i) => ({ workspace_id: app.ctx.defaultWorkspaceId, type: 'test', title: `n${i}`, message: 'm', created_at: new Date(Date.UTC(2026, 0, i)) })));
    const first = await get('/api/notifications?limit=2');
    assert.deepEqual(first.body.items.map((n: { title: string }) => n.title), ['n3', 'n2']);
    const second = await get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((n: { title: string }) => n.title), ['n1']);
  });

  it('dates Postgres or JavaScript cannot take (year 0000, day 31 of February) are 400s; real dates work', async () => {
    for (const path of ['/api/leads?from=0000-01-01T00:00:00Z', '/api/leads?to=2026-02-31T00:00:00Z', '/api/leads.csv?from=0000-12-31T23:00:00Z', '/api/inbox/conversations?from=0000-01-01', '/api/inbox/conversations?to=2026-02-30']) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      assert.equal(r.body.error.code, 'validation_error');
    }
    assert.equal((await get(`/api/inbox/conversations/${crypto.randomUUID()}/messages?before=1e30`)).status, 400);
    assert.equal((await get('/api/leads?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z')).status, 200);
    assert.equal((await get('/api/inbox/conversations?from=2026-01-01&to=2026-12-31T10:00:00%2B05:30')).status, 200);
    assert.equal((await get('/api/inbox/conversations?from=0001-01-01&to=9999-12-31')).status, 200);
  });

  it('NUL and lone surrogates in bodies, query strings and path parameters never give a 500', async () => {
    const rule = await app.request('/api/rules', { method: 'POST', token, json: { name: 'Hi\u0000 there\ud800', keywords: ['hel\u0000lo'], reply: 'Hello\udc00!' } });
    assert.equal(rule.status, 201);
    const row = (await rule.json()) as { name: string; keywords: string[]; reply: string };
    assert.deepEqual([row.name, row.keywords, row.reply], ['Hi there\ufffd', ['hello'], 'Hello\ufffd!']);
    assert.equal((await get('/api/inbox/conversations?search=a%00b')).status, 200);
    assert.equal((await get('/api/leads?search=%00%ED%A0%80')).status, 200);
    for (const id of ['%00', '%ZZ', '%ED%A0%80', '%E0%A4%A']) {
      const param = await app.request(`/api/rules/${id}`, { method: 'PATCH', token, json: { enabled: false } });
      assert.equal(param.status, 400, id);
    }
    const deep = `{"name":"x","keywords":["k"],"reply":"r","extra":${'['.repeat(400_000)}"\\u0000"${']'.repeat(400_000)}}`;
    const tooDeep = await app.request('/api/rules', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: deep });
    assert.equal(tooDeep.status, 400);
    assert.equal(((await tooDeep.json()) as ErrorBody).error.code, 'too_deep');
    const login = await app.request('/api/auth/login', { method: 'POST', json: { email: 'admin\u0000@example.com', password: 'x\ud800' } });
    assert.ok(login.status >= 400 && login.status < 500, String(login.status));
  });
});

describe('the error handler', () => {
  const serve = async (fail: () => Promise<never>) => {
    const app = express();
    app.get('/x', async () => fail());
    app.use(errorHandler(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      return { status: res.status, body: (await res.json()) as ErrorBody };
    } finally {
      server.close();
    }
  };

  it("honours any error's 4xx status or statusCode (http-errors convention), never a 5xx one", async () => {
    const withStatus = (props: object) => () => Promise.reject(Object.assign(new Error('Range Not Satisfiable'), props));
    assert.equal((await serve(withStatus({ status: 416 }))).status, 416);
    assert.equal((await serve(withStatus({ statusCode: 409, type: 'some.thing' }))).body.error.code, 'some_thing');
    const hidden = await serve(withStatus({ status: 503 }));
    assert.deepEqual([hidden.status, hidden.body.error.code], [500, 'internal_error']);
  });

  it("maps Postgres data errors (class 22) to 400 without the database's wording", async () => {
    const app = await startTestApp();
    try {
      const queries: Array<[string, unknown[]]> = [[`select 'not-a-uuid'::uuid`, []], [`select '0000-01-01'::timestamptz`, []], [`select 99999999999::int`, []], ['select ?::text', ['a\u0000b']]];
      for (const [sql, bindings] of queries) {
        const r = await serve(() => app.ctx.db.raw(sql, bindings as never) as Promise<never>);
        assert.equal(r.status, 400, sql);
        assert.equal(r.body.error.code, 'invalid_value');
        assert.doesNotMatch(r.body.error.message, /uuid|timestamp|integer|syntax|select/i);
      }
    } finally {
      await app.stop();
    }
  });
});

describe('route definitions', () => {
  it('refuse a path parameter without a params schema', () => {
    const def = defineRoute({ method: 'get', path: '/api/things/:id', tag: 't', summary: 's', handler: () => null });
    assert.throws(() => mountRoutes(express.Router(), [def], (_req, _res, next) => next()), /no params schema/);
    const ok = defineRoute({ method: 'get', path: '/api/things/:id', tag: 't', summary: 's', params: z.object({ id: z.uuid() }), handler: () => null });
    assert.doesNotThrow(() => mountRoutes(express.Router(), [ok], (_req, _res, next) => next()));
  });

  it('cleanText removes NUL and replaces lone surrogates; cleanStrings walks values and keys, sharing what is clean', () => {
    assert.equal(cleanText('a\u0000b\ud800c\udfff\ud83d\ude00'), 'ab\ufffdc\ufffd\ud83d\ude00');
    const clean = { a: ['x', { b: 1 }] };
    assert.equal(cleanStrings(clean), clean);
    assert.deepEqual(cleanStrings({ 'k\u0000': ['v\ud800', 2, null], ok: 'y' }), { k: ['v\ufffd', 2, null], ok: 'y' });
    const proto = cleanStrings(JSON.parse('{"__proto__": {"x": "\\u0000"}, "y": "z"}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value, { x: '' });
  });

  it('multipart text fields, which skip the JSON cleaning, are cleaned by their schema', () => {
    const id = crypto.randomUUID();
    const parsed = createCampaignFields.parse({ name: ' Diwali\u0000 sale ', numberId: id, templateIds: [id] });
    assert.equal(parsed.name, 'Diwali sale');
  });
});
