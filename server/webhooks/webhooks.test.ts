import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { META_VERIFY_TOKEN, startTestApp, type TestApp } from '../test/harness.ts';
import { inboundMessage, inboundText, statusUpdates } from '../test/wa-payloads.ts';

const PNID = '555000111222333';

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Meta webhook ingestion', () => {
  let app: TestApp;
  let numberId: string;
  const eventCount = async () => Number((await app.ctx.db('webhook_events').count<{ c: string }[]>('* as c'))[0]!.c);
  const drained = () => until(() => app.ctx.db('webhook_events').where({ state: 'pending' }).count<{ c: string }[]>('* as c'), (r) => Number(r[0]!.c) === 0);

  before(async () => {
    app = await startTestApp();
    const [row] = await app.ctx.db('channel_accounts')
      .insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: 'Support', external_id: PNID, waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN) })
      .returning('id');
    numberId = row.id;
  });
  after(() => app.stop());

  it('answers the verification challenge and refuses a wrong token with 403', async () => {
    const ok = await app.request(`/webhooks/meta?hub.mode=subscribe&hub.verify_token=${META_VERIFY_TOKEN}&hub.challenge=1158201444`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '1158201444');
    const bad = await app.request('/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1');
    assert.equal(bad.status, 403);
    assert.ok(app.logs.some((l) => l.includes('webhook verification refused')));
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = await eventCount();
    const valid = inboundText(PNID, '919876500001', 'wamid.bad.1', 'hi');
    const cases: Array<[Promise<Response>, number, string]> = [
      [app.postWebhook(valid, 'sha256=' + '0'.repeat(64)), 401, 'invalid_signature'],
      [app.postWebhook(valid, 'garbage'), 401, 'invalid_signature'],
      [app.postWebhook('{"object": "whatsapp_business_account", "entry": ['), 400, 'invalid_json'],
      [app.postWebhook({ object: 'telegram', entry: [] }), 400, 'unknown_object'],
      [app.postWebhook({ object: 'page' }), 400, 'invalid_payload'],
      [app.postWebhook({ object: 'page', entry: [], pad: 'x'.repeat(4 * 1024 * 1024) }), 413, 'payload_too_large'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      assert.equal(r.status, status, code);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, code);
    }
    assert.equal(await eventCount(), before);
    assert.ok(app.logs.some((l) => l.includes('webhook signature mismatch') && l.includes('"security":true')));
  });

  it('stores an inbound text with its contact and conversation; a replay changes nothing', async () => {
    const body = inboundText(PNID, '919876500002', 'wamid.in.2', 'Is my order shipped?');
    assert.equal((await app.postWebhook(body)).status, 200);
    await drained();
    const snapshot = async () => ({
      messages: await app.ctx.db('messages').where({ external_id: 'wamid.in.2' }).select('body', 'type', 'direction', 'status', 'account_id'),
      contacts: await app.ctx.db('contact_identities').where({ external_id: '919876500002' }).select('profile_name'),
      people: await app.ctx.db('contacts as p').join('contact_identities as k', 'k.contact_id', 'p.id').where('k.external_id', '919876500002').select('p.name'),
      conversations: await app.ctx.db('conversations').where({ account_id: numberId }).select('id', 'last_message_preview', 'last_message_at'),
    });
    const first = await snapshot();
    assert.deepEqual(first.messages, [{ body: 'Is my order shipped?', type: 'text', direction: 'inbound', status: 'received', account_id: numberId }]);
    assert.deepEqual(first.contacts, [{ profile_name: 'Customer 0002' }]);
    assert.deepEqual(first.people, [{ name: 'Customer 0002' }], 'the identity belongs to a person named after the profile');
    assert.equal(first.conversations.length, 1);
    assert.equal((await app.postWebhook(body)).status, 200);
    await drained();
    assert.deepEqual(await snapshot(), first);
  });

  it('stores every message type with its type and payload', async () => {
    const from = '919876500003';
    const samples: Array<Record<string, unknown>> = [
      { id: 'wamid.t.image', type: 'image', image: { caption: 'Broken lid', mime_type: 'image/jpeg', id: '872345610987654' } },
      { id: 'wamid.t.inter', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes, confirm' } } },
      { id: 'wamid.t.button', type: 'button', button: { payload: 'STOP', text: 'Stop promotions' } },
      { id: 'wamid.t.react', type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } },
      { id: 'wamid.t.loc', type: 'location', location: { latitude: 12.97, longitude: 77.59, name: 'Depot' } },
      { id: 'wamid.t.contacts', type: 'contacts', contacts: [{ name: { formatted_name: 'Grace Hopper' } }] },
      { id: 'wamid.t.unsup', type: 'unsupported', unsupported: { type: 'poll_creation' }, errors: [{ code: 131051 }] },
      { id: 'wamid.t.weird', type: 'hologram', hologram: {} },
    ];
    for (const m of samples) assert.equal((await app.postWebhook(inboundMessage(PNID, from, m))).status, 200);
    await drained();
    const rows = await app.ctx.db('messages').whereLike('external_id', 'wamid.t.%').orderBy('external_id').select('external_id', 'type', 'body', 'payload');
    const byId = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    assert.equal(byId['wamid.t.image'].payload.id, '872345610987654');
    assert.equal(byId['wamid.t.image'].body, 'Broken lid');
    assert.equal(byId['wamid.t.inter'].body, 'Yes, confirm');
    assert.equal(byId['wamid.t.button'].body, 'Stop promotions');
    assert.equal(byId['wamid.t.react'].body, '👍');
    assert.equal(byId['wamid.t.loc'].payload.latitude, 12.97);
    assert.equal(byId['wamid.t.contacts'].body, 'Grace Hopper');
    assert.equal(byId['wamid.t.unsup'].type, 'unsupported');
    assert.equal(byId['wamid.t.weird'].type, 'unsupported');
    assert.equal(rows.length, samples.length);
  });

  it('applies statuses monotonically: read before delivered ends as read, with history', async () => {
    const convo = await app.ctx.db('conversations').first('id', 'identity_id');
    await app.ctx.db('messages').insert({ workspace_id: app.ctx.defaultWorkspaceId, account_id: numberId, conversation_id: convo.id, external_id: 'wamid.out.1', direction: 'outbound', type: 'text', status: 'sent', status_rank: 10 });
    assert.equal((await app.postWebhook(statusUpdates(PNID, [{ wamid: 'wamid.out.1', status: 'read' }]))).status, 200);
    assert.equal((await app.postWebhook(statusUpdates(PNID, [{ wamid: 'wamid.out.1', status: 'delivered' }, { wamid: 'wamid.out.1', status: 'sent' }]))).status, 200);
    await drained();
    const msg = await app.ctx.db('messages').where({ external_id: 'wamid.out.1' }).first('status');
    assert.equal(msg.status, 'read');
    const logs = await app.ctx.db('message_status_logs').where({ external_id: 'wamid.out.1' }).orderBy('status').pluck('status');
    assert.deepEqual(logs, ['delivered', 'read', 'sent']);
  });

  it('keeps a failed status with Meta error code and title', async () => {
    await app.ctx.db('messages').insert({ workspace_id: app.ctx.defaultWorkspaceId, account_id: numberId, external_id: 'wamid.out.2', direction: 'outbound', type: 'template', status: 'sent', status_rank: 10 });
    const errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' }];
    await app.postWebhook(statusUpdates(PNID, [{ wamid: 'wamid.out.2', status: 'failed', errors }]));
    await drained();
    const msg = await app.ctx.db('messages').where({ external_id: 'wamid.out.2' }).first('status', 'error_code', 'error_title');
    assert.deepEqual(msg, { status: 'failed', error_code: 131026, error_title: 'Message undeliverable' });
  });

  it('keeps a status for a message not stored yet and applies it when the message appears', async () => {
    await app.postWebhook(statusUpdates(PNID, [{ wamid: 'wamid.out.early', status: 'delivered' }]));
    await drained();
    const log = await app.ctx.db('message_status_logs').where({ external_id: 'wamid.out.early' }).first('applied');
    assert.equal(log.applied, false);
    await app.ctx.db('messages').insert({ workspace_id: app.ctx.defaultWorkspaceId, account_id: numberId, external_id: 'wamid.out.early', direction: 'outbound', type: 'text', status: 'sent', status_rank: 10 });
    const { applyLoggedStatuses } = await import('../inbox/statuses.ts');
    await applyLoggedStatuses(app.ctx.db, ['wamid.out.early']);
    assert.equal((await app.ctx.db('messages').where({ external_id: 'wamid.out.early' }).first('status')).status, 'delivered');
    assert.equal((await app.ctx.db('message_status_logs').where({ external_id: 'wamid.out.early' }).first('applied')).applied, true);
  });

  it('takes 1,000 updates in one POST of 2.9 MB', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ workspace_id: app.ctx.defaultWorkspaceId, account_id: numberId, external_id: `wamid.bulk.${i}`, direction: 'outbound', type: 'template', status: 'sent', status_rank: 10 }));
    await app.ctx.db('messages').insert(rows);
    const body = statusUpdates(PNID, rows.map((r) => ({ wamid: r.external_id, status: 'delivered' })));
    const big = { ...body, padding: 'x'.repeat(2_900_000 - JSON.stringify(body).length) };
    assert.equal((await app.postWebhook(big)).status, 200);
    await drained();
    const delivered = await app.ctx.db('messages').whereLike('external_id', 'wamid.bulk.%').where({ status: 'delivered' }).count<{ c: string }[]>('* as c');
    assert.equal(Number(delivered[0]!.c), 1000);
  });

  it('a status stranded by a concurrent send recording is applied by the periodic sweep', async () => {
    await app.postWebhook(statusUpdates(PNID, [{ wamid: 'wamid.out.stranded', status: 'read' }]));
    await drained();
    // The message row appears without anyone calling applyLoggedStatuses (the race being modelled).
    await app.ctx.db('messages').insert({ workspace_id: app.ctx.defaultWorkspaceId, account_id: numberId, external_id: 'wamid.out.stranded', direction: 'outbound', type: 'text', status: 'sent', status_rank: 10 });
    const row = await until(() => app.ctx.db('messages').where({ external_id: 'wamid.out.stranded' }).first('status'), (r) => r?.status === 'read', 8000);
    assert.equal(row.status, 'read');
  });

  it('ranks statuses in SQL exactly as inbox/status.ts does', async () => {
    const { STATUS_RANK } = await import('../inbox/status.ts');
    for (const [status, rank] of [...Object.entries(STATUS_RANK), ['deleted', 0]] as const) {
      const { rows } = await app.ctx.db.raw('select parley_status_rank(?)::int as rank', [status]);
      assert.equal(rows[0].rank, rank, status);
    }
  });

  it('the sweep applies thousands of stranded statuses at once, not a thousand every few seconds', async () => {
    const { applyStrandedStatuses } = await import('../inbox/statuses.ts');
    const n = 2500;
    const wamids = Array.from({ length: n }, (_, i) => `wamid.swept.${i}`);
    await app.ctx.db('messages').insert(wamids.map((wamid) => ({ workspace_id: app.ctx.defaultWorkspaceId, account_id: numberId, external_id: wamid, direction: 'outbound', type: 'template', status: 'sent', status_rank: 10 })));
    const ago = new Date(Date.now() - 5000);
    await app.ctx.db('message_status_logs').insert(wamids.map((wamid) => ({ workspace_id: app.ctx.defaultWorkspaceId, external_id: wamid, status: 'read', status_at: ago, received_at: ago, applied: false })));
    await applyStrandedStatuses(app.ctx.db); // one sweep (the processor's own may be the one that does it)
    const read = await app.ctx.db('messages').whereLike('external_id', 'wamid.swept.%').where({ status: 'read' }).count<{ c: string }[]>('* as c');
    assert.equal(Number(read[0]!.c), n);
    const left = await app.ctx.db('message_status_logs').whereLike('external_id', 'wamid.swept.%').where({ applied: false }).count<{ c: string }[]>('* as c');
    assert.equal(Number(left[0]!.c), 0);
  });

  it('records a processing failure on the event and retries it; Meta still got 200', async () => {
    // A temporary constraint makes writing this message fail until it is dropped.
    const body = inboundText(PNID, '919876500009', 'wamid.retry.1', 'hello');
    await app.ctx.db.raw('alter table messages add constraint block_retry_test check (external_id <> \'wamid.retry.1\') not valid');
    assert.equal((await app.postWebhook(body)).status, 200);
    const failed = await until(() => app.ctx.db('webhook_events').whereLike('body', '%wamid.retry.1%').first('attempts', 'last_error', 'state'), (e) => e?.attempts >= 1 && !!e.last_error);
    assert.equal(failed.state, 'pending');
    assert.match(failed.last_error, /block_retry_test/);
    await app.ctx.db.raw('alter table messages drop constraint block_retry_test');
    await app.ctx.db('webhook_events').whereLike('body', '%wamid.retry.1%').update({ next_attempt_at: app.ctx.db.fn.now() });
    const done = await until(() => app.ctx.db('webhook_events').whereLike('body', '%wamid.retry.1%').first('state'), (e) => e?.state === 'done');
    assert.equal(done.state, 'done');
    assert.equal((await app.ctx.db('messages').where({ external_id: 'wamid.retry.1' })).length, 1);
  });
});
