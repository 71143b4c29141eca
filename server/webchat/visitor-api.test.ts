import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { freshIp, startVisitor, widgetCall } from '../test/webchat.ts';

// The web chat's admin API and the visitor API's guards, over real HTTP on a real database: a key
// grants only its widget, a visitor reads only their own conversation, sites not on the list and
// cross-site calls are refused, limits answer 429 with Retry-After, and hostile input gets a 4xx.
const SHOP = 'https://shop.example.com';

describe('web chat: widgets and the visitor API guards', () => {
  let app: TestApp;
  let admin: string;
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, admin, json);
  let a: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let b: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  before(async () => {
    app = await startTestApp({ PUBLIC_URL: 'https://chat.example.com/' });
    admin = await app.login();
    const made = await call('POST', '/api/webchat/widgets', { name: 'Shop', allowedOrigins: [SHOP, 'https://*.example.org'] });
    assert.equal(made.status, 201, made.text);
    a = made.body;
    b = (await call('POST', '/api/webchat/widgets', { name: 'Other', allowedOrigins: ['https://other.example.net'] })).body;
  });
  after(() => app?.stop());

  it('creates a widget with defaults, a key and the snippet at PUBLIC_URL; audits it; lists it among the accounts', async () => {
    assert.match(a.key, /^[A-Za-z0-9_-]{24}$/);
    assert.equal(a.snippet, `<script src="https://chat.example.com/widget.js" data-widget="${a.key}" async></script>`);
    assert.deepEqual([a.settings.mode, a.settings.color, a.settings.position, a.settings.preChat, a.clicks], ['chat', '#0f766e', 'right', { name: 'off', email: 'off', phone: 'off' }, 0]);
    const list = (await call('GET', '/api/webchat/widgets')).body.widgets;
    assert.deepEqual(list.map((w: any) => w.id), [a.id, b.id]);
    const accounts = (await call('GET', '/api/accounts?channel=webchat')).body.items;
    assert.deepEqual(accounts.map((x: any) => [x.id, x.channel, x.displayName]), [[a.id, 'webchat', 'Shop'], [b.id, 'webchat', 'Other']]);
    const audit = (await call('GET', '/api/audit?action=widget.created')).body.items;
    assert.equal(audit.length, 2);
    assert.equal(audit.find((e: any) => e.targetId === a.id).detail, 'webchat: Shop');
  });

  it('edits a widget as a whole, audits which settings changed (names only), and refuses bad settings with a reason', async () => {
    const put = await call('PUT', `/api/webchat/widgets/${a.id}`, { ...a.settings, color: '#112233', greeting: 'Hello there' });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual([put.body.settings.color, put.body.key], ['#112233', a.key]);
    const [entry] = (await call('GET', '/api/audit?action=widget.updated')).body.items;
    assert.equal(entry.detail, 'webchat: Shop; changed: color, greeting');
    for (const [body, reason] of [
      [{ ...a.settings, allowedOrigins: ['https://shop.example.com/path'] }, /an origin is scheme/],
      [{ ...a.settings, mode: 'whatsapp', whatsapp: null }, /WhatsApp mode needs the number/],
      [{ ...a.settings, businessHours: { enabled: true, timeZone: 'Mars/Base', days: [] } }, /not an IANA time zone/],
      [{ ...a.settings, color: 'red' }, /#rrggbb/],
      [{ ...a.settings, extra: 1 }, /Unrecognized key/i],
    ] as const) {
      const r = await call('PUT', `/api/webchat/widgets/${a.id}`, body);
      assert.equal(r.status, 400, r.text);
      assert.match(r.body.error.message, reason);
    }
    assert.equal((await call('GET', `/api/webchat/widgets/${randomUUID()}`)).status, 404);
  });

  it("the account routes refuse a widget's token with 422", async () => {
    for (const [method, path, body] of [['PUT', `/api/accounts/${a.id}/token`, { accessToken: 'whatever-token' }], ['POST', `/api/accounts/${a.id}/check`, undefined]] as const) {
      const r = await call(method, path, body);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.error.message, 'A web chat widget has no token: edit it in Channels > Web chat');
    }
  });

  it('the public config shows the look and nothing private', async () => {
    const r = await widgetCall(app, 'GET', `/api/widget/config?key=${a.key}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, 'Shop');
    assert.equal(r.body.online, true);
    for (const k of ['allowedOrigins', 'clicks', 'id']) assert.ok(!(k in r.body), k);
    assert.equal((await widgetCall(app, 'GET', `/api/widget/config?key=${'x'.repeat(24)}`)).status, 404);
    assert.equal((await widgetCall(app, 'GET', '/api/widget/config?key=<script>')).status, 400);
  });

  it('opens sessions only on allowed sites (subdomains by wildcard, never the apex) and only for a live key', async () => {
    const session = (origin: string, key = a.key) => widgetCall(app, 'POST', '/api/widget/session', { json: { key, origin } });
    assert.equal((await session(SHOP)).status, 200);
    assert.equal((await session('https://blog.example.org')).status, 200);
    for (const origin of ['https://example.org', 'https://evil.example.com', 'http://shop.example.com', 'null', '']) {
      const r = await session(origin);
      assert.equal(r.status, 403, `${origin}: ${r.text}`);
      assert.equal(r.body.error.code, 'origin_not_allowed');
    }
    assert.equal((await session(SHOP, 'A'.repeat(24))).status, 404);
  });

  it('refuses cross-site calls (Sec-Fetch-Site) on every visitor route, with or without a token', async () => {
    const v = await startVisitor(app, a.key, SHOP);
    const cross = { 'sec-fetch-site': 'cross-site' };
    const cases: Array<[string, string, unknown?]> = [
      ['POST', '/api/widget/session', { key: a.key, origin: SHOP }],
      ['GET', `/api/widget/config?key=${a.key}`],
      ['GET', '/api/widget/messages'],
      ['POST', '/api/widget/messages', { clientId: randomUUID(), text: 'hi' }],
      ['POST', '/api/widget/clicks', { key: a.key }],
    ];
    for (const [method, path, json] of cases) {
      const r = await widgetCall(app, method, path, { token: v.token, json, headers: cross });
      assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
      assert.equal(r.body.error.code, 'cross_site');
    }
    assert.equal((await v.call('GET', '/api/widget/messages', undefined, { 'sec-fetch-site': 'same-site' })).status, 200);
  });

  it('a visitor token is needed, is no dashboard token, and a dashboard token is no visitor token', async () => {
    const v = await startVisitor(app, a.key, SHOP);
    assert.equal((await widgetCall(app, 'GET', '/api/widget/messages')).status, 401);
    assert.equal((await widgetCall(app, 'GET', '/api/widget/messages', { token: admin })).status, 401);
    assert.equal((await app.call('GET', '/api/me', v.token)).status, 401);
    assert.equal((await widgetCall(app, 'GET', '/api/widget/messages', { token: `${v.token}x` })).status, 401);
  });

  it('a visitor reads only their own conversation, and their stream carries only their messages', async () => {
    const va = await startVisitor(app, a.key, SHOP);
    const vb = await startVisitor(app, a.key, SHOP);
    const streamB = await vb.stream();
    await va.say('secret of A');
    const mine = (await va.call('GET', '/api/widget/messages')).body.messages;
    assert.deepEqual(mine.map((m: any) => [m.from, m.text]), [['visitor', 'secret of A']]);
    await vb.say('hello from B');
    await streamB.next('message', (m) => m.text === 'hello from B');
    const theirs = (await vb.call('GET', '/api/widget/messages')).body.messages;
    assert.deepEqual(theirs.map((m: any) => m.text), ['hello from B']);
    assert.ok(!streamB.events.some((e) => e.data.includes('secret of A')));
    streamB.close();
  });

  it("a token of one widget never works for another: B's session gives a new visitor, and a deleted widget's tokens stop", async () => {
    const va = await startVisitor(app, a.key, SHOP);
    await va.say('hello');
    const onB = await widgetCall(app, 'POST', '/api/widget/session', { json: { key: b.key, origin: 'https://other.example.net', token: va.token } });
    assert.equal(onB.status, 200, onB.text);
    assert.notEqual(onB.body.visitorId, va.visitorId);
    assert.deepEqual((await widgetCall(app, 'GET', '/api/widget/messages', { token: onB.body.token })).body.messages, []);
    const again = await startVisitor(app, a.key, SHOP, va.token);
    assert.equal(again.visitorId, va.visitorId, 'the same widget resumes the visitor');
    assert.deepEqual((await again.call('GET', '/api/widget/messages')).body.messages.map((m: any) => m.text), ['hello']);

    const gone = (await call('POST', '/api/webchat/widgets', { name: 'Gone', allowedOrigins: [SHOP] })).body;
    const vg = await startVisitor(app, gone.key, SHOP);
    await vg.say('before the end');
    assert.equal((await call('DELETE', `/api/webchat/widgets/${gone.id}`)).status, 204);
    const after = await vg.call('GET', '/api/widget/messages');
    assert.equal(after.status, 401);
    assert.match(after.body.error.message, /no longer available/);
    assert.equal((await widgetCall(app, 'POST', '/api/widget/session', { json: { key: gone.key, origin: SHOP } })).status, 404);
    const conv = await app.ctx.db('conversations').where({ account_id: gone.id }).first('status');
    assert.equal(conv.status, 'archived');
    assert.equal((await call('GET', '/api/audit?action=widget.deleted')).body.items[0].detail, 'webchat: Gone; 1 conversations archived');
  });

  it("a site taken off the list loses its visitors at their next call", async () => {
    const w = (await call('POST', '/api/webchat/widgets', { name: 'Narrowing', allowedOrigins: [SHOP, 'https://old.example.com'] })).body;
    const v = await startVisitor(app, w.key, 'https://old.example.com');
    assert.equal((await v.call('GET', '/api/widget/messages')).status, 200);
    await call('PUT', `/api/webchat/widgets/${w.id}`, { ...w.settings, allowedOrigins: [SHOP] });
    const r = await v.call('GET', '/api/widget/messages');
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'origin_not_allowed');
  });

  it('limits a message to 4,000 characters and a body to 16 kB; a retried send is stored once', async () => {
    const v = await startVisitor(app, a.key, SHOP);
    const long = await v.call('POST', '/api/widget/messages', { clientId: randomUUID(), text: 'x'.repeat(4001) });
    assert.equal(long.status, 400);
    assert.match(long.body.error.message, /at most 4000 characters/);
    const huge = await v.call('POST', '/api/widget/messages', { clientId: randomUUID(), text: 'x'.repeat(20_000) });
    assert.equal(huge.status, 413);
    assert.equal((await v.call('POST', '/api/widget/messages', { clientId: randomUUID(), text: '   ' })).status, 400);
    const clientId = randomUUID();
    const first = await v.call('POST', '/api/widget/messages', { clientId, text: 'only once' });
    const retry = await v.call('POST', '/api/widget/messages', { clientId, text: 'only once' });
    assert.deepEqual([first.status, retry.status, retry.body.id, retry.body.clientId], [201, 201, first.body.id, clientId]);
    assert.equal((await v.call('GET', '/api/widget/messages')).body.messages.length, 1);
  });

  it('rate limits answer 429 with Retry-After and a reason: messages per visitor, sessions per address', async () => {
    const v = await startVisitor(app, a.key, SHOP);
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof v.call>> | null = null;
    for (let i = 0; i < 12; i++) {
      const r = await v.call('POST', '/api/widget/messages', { clientId: randomUUID(), text: `message ${i}` });
      statuses.push(r.status);
      if (r.status === 429) refused = r;
    }
    assert.deepEqual(statuses, [...Array(10).fill(201), 429, 429]);
    assert.ok(Number(refused!.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
    assert.match(refused!.body.error.message, /Too many messages: try again in \d+ s/);

    const ip = freshIp();
    const sessions: number[] = [];
    for (let i = 0; i < 31; i++) sessions.push((await widgetCall(app, 'POST', '/api/widget/session', { json: { key: a.key, origin: SHOP }, ip })).status);
    assert.deepEqual(sessions, [...Array(30).fill(200), 429]);
    assert.equal((await widgetCall(app, 'POST', '/api/widget/session', { json: { key: a.key, origin: SHOP } })).status, 200, 'another address is not held back');
  });

  it('a required pre-chat field holds the first message until the form is filled', async () => {
    const w = (await call('POST', '/api/webchat/widgets', { name: 'Form', allowedOrigins: [SHOP], preChat: { name: 'required', email: 'optional', phone: 'off' } })).body;
    const v = await startVisitor(app, w.key, SHOP);
    assert.equal(v.session.needsPreChat, true);
    const early = await v.call('POST', '/api/widget/messages', { clientId: randomUUID(), text: 'hi' });
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, 'prechat_required');
    const form = await v.call('POST', '/api/widget/visitor', { name: 'Asha', phone: '+91 98765-43210' });
    assert.deepEqual(form.body, { name: 'Asha', email: null, phone: '919876543210' });
    assert.equal((await v.call('POST', '/api/widget/visitor', { email: 'not-an-email' })).status, 400);
    await v.say('hi');
    const again = await startVisitor(app, w.key, SHOP, v.token);
    assert.deepEqual([again.session.needsPreChat, again.session.visitor.name], [false, 'Asha']);
  });

  it('WhatsApp mode: the config has the wa.me link, messages are refused, clicks are counted', async () => {
    const w = (await call('POST', '/api/webchat/widgets', { name: 'WA', mode: 'whatsapp', allowedOrigins: [SHOP], whatsapp: { number: '919876543210', text: 'Hi, I saw your site & want info' } })).body;
    const config = (await widgetCall(app, 'GET', `/api/widget/config?key=${w.key}`)).body;
    assert.equal(config.whatsappUrl, 'https://wa.me/919876543210?text=Hi%2C%20I%20saw%20your%20site%20%26%20want%20info');
    const v = await startVisitor(app, w.key, SHOP);
    assert.equal((await v.call('POST', '/api/widget/messages', { clientId: randomUUID(), text: 'hi' })).status, 409);
    assert.equal((await widgetCall(app, 'POST', '/api/widget/clicks', { json: { key: w.key } })).status, 204);
    // sendBeacon sends its JSON as text/plain
    assert.equal((await widgetCall(app, 'POST', '/api/widget/clicks', { json: JSON.stringify({ key: w.key }), headers: { 'content-type': 'text/plain;charset=UTF-8' } })).status, 204);
    assert.equal((await widgetCall(app, 'POST', '/api/widget/clicks', { json: { key: 'B'.repeat(24) } })).status, 404);
    assert.equal((await call('GET', `/api/webchat/widgets/${w.id}`)).body.clicks, 2);
  });

  it('hostile input with a valid token gets a 4xx with a reason, never a 5xx', async () => {
    const v = await startVisitor(app, a.key, SHOP);
    const bodies: unknown[] = [null, [], 'text', 42, { clientId: 'x', text: 'hi' }, { clientId: randomUUID() }, { clientId: randomUUID(), text: 7 },
      { clientId: randomUUID(), text: 'a\u0000b' }, { __proto__: { text: 'x' } }, { typing: 'yes' }, { upTo: '-1' }, { upTo: '99999999999999999999' }, { name: 'x'.repeat(500) }];
    for (const path of ['/api/widget/messages', '/api/widget/visitor', '/api/widget/typing', '/api/widget/read']) {
      for (const body of bodies) {
        const r = await v.call('POST', path, body === null ? 'null' : body);
        assert.ok(r.status < 500, `${path} ${JSON.stringify(body)}: ${r.status} ${r.text}`);
        if (r.status >= 400) assert.equal(typeof r.body?.error?.code, 'string', `${path}: ${r.text}`);
      }
    }
    for (const q of ['?before=abc', '?after=-1', '?limit=1000', '?before=1&after=2', '?after=99999999999999999999']) {
      const r = await v.call('GET', `/api/widget/messages${q}`);
      assert.equal(r.status, 400, `${q}: ${r.text}`);
    }
    const s = await v.stream('?after=abc');
    assert.equal(s.status, 400);
    // a NUL in a message is cleaned, not refused
    await waitFor('nothing stuck', async () => (await v.call('GET', '/api/widget/messages')).status, (st) => st === 200);
  });
});
