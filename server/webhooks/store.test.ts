import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { inboundText } from '../test/wa-payloads.ts';

const PNID = '555000111222444';

// The webhook store and the API when the database cannot serve: a 503 within 2 s, never a hang
// and never a 200 for an unstored event. (server/webhooks/freeze.test.ts does it with a frozen
// Postgres; here the database is blocked with a lock or a drained pool, which is quick.)

describe('webhook envelope and store under a stalled database', () => {
  let app: TestApp;
  const eventsWith = async (wamid: string) => Number((await app.ctx.db('webhook_events').whereLike('body', `%${wamid}%`).count<{ c: string }[]>('* as c'))[0]!.c);
  const timed = async <T>(p: Promise<T>) => {
    const t0 = Date.now();
    const v = await p;
    return { v, ms: Date.now() - t0 };
  };

  before(async () => {
    app = await startTestApp({ DATABASE_POOL_MAX: '4' });
  });
  after(() => app.stop());

  it('refuses a signed body whose entry, changes, messaging or value lists are not lists: 400 invalid_payload with the path', async () => {
    const before = Number((await app.ctx.db('webhook_events').count<{ c: string }[]>('* as c'))[0]!.c);
    const cases: Array<[unknown, RegExp]> = [
      [{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: { value: {} } }] }, /entry\[0\]\.changes: /],
      [{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: 'x' }] }, /entry\[0\]\.changes/],
      [{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: { id: 'w' } } }] }] }, /entry\[0\]\.changes\[0\]\.value\.messages/],
      [{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses: 7 } }] }] }, /statuses/],
      [{ object: 'whatsapp_business_account', entry: [null] }, /entry\[0\]/],
      [{ object: 'whatsapp_business_account', entry: ['x'] }, /entry\[0\]/],
      [{ object: 'instagram', entry: [{ id: '1', messaging: { sender: {} } }] }, /entry\[0\]\.messaging/],
      [{ object: 'page', entry: {} }, /entry/],
    ];
    for (const [body, where] of cases) {
      const r = await app.postWebhook(body);
      const json = (await r.json()) as { error: { code: string; message: string; requestId: string } };
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(json.error.code, 'invalid_payload');
      assert.match(json.error.message, where);
      assert.ok(json.error.requestId);
    }
    assert.equal(Number((await app.ctx.db('webhook_events').count<{ c: string }[]>('* as c'))[0]!.c), before);
    assert.equal((await app.postWebhook(inboundText(PNID, '919876500001', 'wamid.shape.ok', 'hi'))).status, 200);
  });

  it('answers 503 within 2 s while the events table is locked; a write that lands later is removed, so the retry is the one copy', async () => {
    const locker = await app.ctx.db.transaction();
    try {
      await locker.raw('lock table webhook_events in share mode'); // blocks inserts, not reads
      const { v: r, ms } = await timed(app.postWebhook(inboundText(PNID, '919876500002', 'wamid.locked.1', 'hi')));
      assert.equal(r.status, 503);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'store_unavailable');
      assert.ok(ms < 2_000, `answered in ${ms} ms`);
    } finally {
      await locker.rollback();
    }
    // The insert was already running when the caller gave up: it completes once the lock is
    // gone and is deleted again, since its caller was told 503; Meta's retry is then stored once.
    await waitFor('the late copy written, then removed', async () => app.logs.some((l) => l.includes('written after their 503 removed')), Boolean);
    assert.equal(await eventsWith('wamid.locked.1'), 0);
    assert.equal((await app.postWebhook(inboundText(PNID, '919876500002', 'wamid.locked.1', 'hi'))).status, 200);
    assert.equal(await eventsWith('wamid.locked.1'), 1);
  });

  it('answers 503 at once for webhooks and 503 database_unavailable for the API when the pool has no connection', async () => {
    const token = await app.login();
    const held: unknown[] = [];
    const client = app.ctx.db.client as Knex.Client;
    try {
      // Drain the app's pool: every connection is busy, as with a stalled database.
      for (let i = 0; i < 4; i++) held.push(await client.acquireConnection());
      const [hook, api] = await Promise.all([
        timed(app.postWebhook(inboundText(PNID, '919876500003', 'wamid.pool.1', 'hi'))),
        timed(app.request('/api/notifications', { token })),
      ]);
      assert.equal(hook.v.status, 503);
      assert.ok(hook.ms < 2_000, `webhook answered in ${hook.ms} ms`);
      assert.equal(api.v.status, 503, await api.v.clone().text());
      const body = (await api.v.json()) as { error: { code: string; requestId: string } };
      assert.equal(body.error.code, 'database_unavailable');
      assert.ok(api.ms < 7_000, `API answered in ${api.ms} ms`);
    } finally {
      for (const c of held) await client.releaseConnection(c);
    }
    assert.equal(await eventsWith('wamid.pool.1'), 0, 'the refused event was dropped, not stored behind the caller');
    assert.equal((await app.postWebhook(inboundText(PNID, '919876500003', 'wamid.pool.1', 'hi'))).status, 200);
    assert.equal(await eventsWith('wamid.pool.1'), 1);
    assert.equal((await app.request('/api/notifications', { token })).status, 200);
  });
});
