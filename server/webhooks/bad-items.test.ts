import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { WABA_ID } from '../test/wa-payloads.ts';
import { isTransient } from './item-by-item.ts';
import { markEventFailed } from './queries.ts';

const PNID = '555000444555';
const BAD = 'a\u0000b\ud800c\udfffd\ud83d'; // NUL, lone low/high surrogates: nothing Postgres can store as is

/** One POST with several inbound messages from different customers (as Meta batches them). */
function batch(messages: Array<{ from: string; wamid: string; text: string; name?: string; context?: string }>) {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: WABA_ID,
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550001111', phone_number_id: PNID },
          contacts: messages.map((m) => ({ profile: { name: m.name ?? `Customer ${m.from.slice(-4)}` }, wa_id: m.from })),
          messages: messages.map((m) => ({ from: m.from, id: m.wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: m.text }, ...(m.context ? { context: { id: m.context } } : {}) })),
        },
      }],
    }],
  };
}

describe('webhook messages that cannot be stored as they are', () => {
  let app: TestApp;
  const event = (like: string) => app.ctx.db('webhook_events').whereLike('body', `%${like}%`).first('id', 'state', 'attempts', 'last_error', 'body', 'next_attempt_at');
  const settled = (like: string) => waitFor(`event ${like} settled`, () => event(like), (e) => !!e && (e.state !== 'pending' || e.attempts > 0));
  const messages = (prefix: string) => app.ctx.db('messages').whereLike('external_id', `${prefix}%`).orderBy('external_id').select('external_id', 'body', 'context_external_id', 'payload');

  before(async () => {
    app = await startTestApp();
    await app.ctx.db('channel_accounts').insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: 'Support', external_id: PNID, waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN) });
  });
  after(() => app.stop());

  it('stores all messages of a POST, cleaning NUL and lone surrogates from every text of the bad one', async () => {
    const body = batch([
      { from: '919800000001', wamid: 'wamid.nul.1', text: 'first' },
      { from: '919800000002', wamid: `wamid.nul.2${BAD}`, text: `body ${BAD}`, name: `Name ${BAD}`, context: `wamid.ctx${BAD}` },
      { from: '919800000003', wamid: 'wamid.nul.3', text: 'third' },
    ]);
    const raw = JSON.stringify(body);
    assert.ok(raw.includes('\\u0000') && raw.includes('\\ud83d"'), 'the POST carries the escapes');
    assert.equal((await app.postWebhook(raw)).status, 200);
    const stored = await settled('wamid.nul.1');
    assert.equal(stored.state, 'done');
    assert.equal(stored.body, raw, 'the stored body is the signed body, byte for byte');
    const rows = await messages('wamid.nul.');
    assert.deepEqual(rows.map((r) => r.external_id), ['wamid.nul.1', 'wamid.nul.2ab\ufffdc\ufffdd\ufffd', 'wamid.nul.3']);
    assert.equal(rows[1]!.body, 'body ab\ufffdc\ufffdd\ufffd');
    assert.equal(rows[1]!.payload.body, 'body ab\ufffdc\ufffdd\ufffd');
    assert.equal(rows[1]!.context_external_id, 'wamid.ctxab\ufffdc\ufffdd\ufffd');
    const contact = await app.ctx.db('contact_identities').where({ external_id: '919800000002' }).first('profile_name');
    assert.equal(contact.profile_name, 'Name ab\ufffdc\ufffdd\ufffd');
  });

  it('parks only the message that fails; the others are stored and the event is done at once', async () => {
    // A fault no cleaning can fix: the database refuses this one message.
    await app.ctx.db.raw(`alter table messages add constraint block_park_test check (external_id <> 'wamid.park.2') not valid`);
    try {
      const body = batch([
        { from: '919800000011', wamid: 'wamid.park.1', text: 'one' },
        { from: '919800000012', wamid: 'wamid.park.2', text: 'two' },
        { from: '919800000013', wamid: 'wamid.park.3', text: 'three' },
      ]);
      assert.equal((await app.postWebhook(body)).status, 200);
      const e = await settled('wamid.park.1');
      assert.deepEqual([e.state, e.attempts, e.last_error], ['done', 1, null]);
      assert.deepEqual((await messages('wamid.park.')).map((r) => r.external_id), ['wamid.park.1', 'wamid.park.3']);
      const parked = await app.ctx.db('webhook_parked_items').where({ event_id: e.id }).select('kind', 'item', 'error');
      assert.equal(parked.length, 1);
      assert.equal(parked[0].kind, 'message');
      assert.equal(JSON.parse(parked[0].item).externalId, 'wamid.park.2');
      assert.match(parked[0].error, /block_park_test/);
      // The notification follows the commit.
      await waitFor('the workspace is told', () => app.ctx.db('notifications').where({ type: 'webhook_items_parked', related_entity_id: String(e.id) }).first('message'), (n) => !!n);
    } finally {
      await app.ctx.db.raw('alter table messages drop constraint block_park_test');
    }
  });

  it('an event that fails on its first attempt is retried later, and dead only after the 8th failure', async () => {
    // Every item of this event fails: the event itself is retried with backoff (not parked).
    await app.ctx.db.raw(`alter table messages add constraint block_dead_test check (external_id <> 'wamid.dead.1') not valid`);
    try {
      assert.equal((await app.postWebhook(batch([{ from: '919800000021', wamid: 'wamid.dead.1', text: 'x' }]))).status, 200);
      const first = await settled('wamid.dead.1');
      assert.deepEqual([first.state, first.attempts], ['pending', 1]);
      assert.match(first.last_error, /block_dead_test/);
      assert.ok(new Date(first.next_attempt_at).getTime() > Date.now() + 2000, 'the retry is scheduled seconds later, not now');
      for (let attempt = 2; attempt <= 8; attempt++) {
        await app.ctx.db('webhook_events').where({ id: first.id }).update({ next_attempt_at: app.ctx.db.fn.now() });
        app.ctx.wake.webhooks.notify();
        const e = await waitFor(`attempt ${attempt}`, () => event('wamid.dead.1'), (r) => r.attempts === attempt);
        assert.equal(e.state, attempt < 8 ? 'pending' : 'dead', `after attempt ${attempt}`);
      }
      const note = await waitFor('the dead-letter notification', () => app.ctx.db('notifications').where({ type: 'webhook_failed', related_entity_id: String(first.id) }).first('message'), (n) => !!n);
      assert.match(note.message, /failed 8 times/);
      assert.equal(await app.ctx.db('webhook_parked_items').where({ event_id: first.id }).first(), undefined);
    } finally {
      await app.ctx.db.raw('alter table messages drop constraint block_dead_test');
    }
  });

  it('a failure recorded before the event was read (attempts 0) schedules a retry from the row itself', async () => {
    const [{ id }] = await app.ctx.db('webhook_events').insert({ object: 'instagram', body: '{"object":"instagram","entry":[]}', state: 'pending', next_attempt_at: app.ctx.db.raw(`now() + interval '1 hour'`) }).returning('id');
    const retry = [5, 30];
    const first = await markEventFailed(app.ctx.db, String(id), 'lock failed', retry);
    assert.deepEqual(first, { attempts: 1, dead: false });
    const row = await app.ctx.db('webhook_events').where({ id }).first(app.ctx.db.raw(`state, extract(epoch from next_attempt_at - now())::int as wait`));
    assert.equal(row.state, 'pending');
    assert.ok(row.wait >= 3 && row.wait <= 5, `retry in ~5 s, got ${row.wait}`);
    assert.deepEqual(await markEventFailed(app.ctx.db, String(id), 'again', retry), { attempts: 2, dead: false });
    assert.deepEqual(await markEventFailed(app.ctx.db, String(id), 'again', retry), { attempts: 3, dead: true });
    assert.equal(await markEventFailed(app.ctx.db, String(id), 'after death', retry), null, 'a dead event is not touched');
  });

  it('tells a fault that passes (timeout, deadlock, lost connection) from a bad item', async () => {
    const caught = (p: Promise<unknown>) => p.then(() => assert.fail('should fail'), (e: unknown) => e);
    const timeout = await caught(app.ctx.db.transaction(async (trx) => {
      await trx.raw('set local statement_timeout = 10');
      await trx.raw('select pg_sleep(1)');
    }));
    assert.equal(isTransient(timeout), true);
    assert.equal(isTransient(await caught(app.ctx.db.raw(`select 1/0`))), false);
    assert.equal(isTransient(await caught(app.ctx.db.raw(`insert into webhook_parked_items (event_id, kind, item, error) values (-1, 'x', '', '')`))), false);
    assert.equal(isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })), true);
  });
});
