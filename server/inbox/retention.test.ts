import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { runRetention } from './retention.ts';

describe('retention', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('deletes messages and status logs after 90 days, notifications after 30, processed webhooks after 7', async () => {
    const db = app.ctx.db;
    const ws = app.ctx.defaultWorkspaceId;
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
    const [n] = await db('channel_accounts').insert({ workspace_id: ws, display_name: 'R', external_id: '42', waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 't', ACCOUNT_TOKEN) }).returning('id');
    const msg = (external_id: string, age: number) => ({ workspace_id: ws, account_id: n.id, external_id, direction: 'outbound', type: 'text', status: 'sent', created_at: daysAgo(age) });
    await db('messages').insert([msg('old', 91), msg('young', 89)]);
    await db('message_status_logs').insert([
      { workspace_id: ws, external_id: 'old', status: 'sent', status_at: daysAgo(91), received_at: daysAgo(91) },
      { workspace_id: ws, external_id: 'young', status: 'sent', status_at: daysAgo(89), received_at: daysAgo(89) },
    ]);
    const note = (title: string, age: number) => ({ workspace_id: ws, type: 't', title, message: 'm', created_at: daysAgo(age) });
    await db('notifications').insert([note('old', 31), note('young', 29)]);
    await db('webhook_events').insert([
      { object: 'page', body: '{}', state: 'done', received_at: daysAgo(8) },
      { object: 'page', body: '{}', state: 'pending', received_at: daysAgo(8) },
      { object: 'page', body: '{}', state: 'done', received_at: daysAgo(6) },
    ]);

    const result = await runRetention(app.ctx);
    assert.deepEqual(result, { messages: 1, messageStatusLogs: 1, notifications: 1, webhookEvents: 1 });
    assert.deepEqual(await db('messages').pluck('external_id'), ['young']);
    assert.deepEqual(await db('message_status_logs').pluck('external_id'), ['young']);
    assert.deepEqual(await db('notifications').pluck('title'), ['young']);
    assert.equal((await db('webhook_events')).length, 2, 'unprocessed events are never dropped');
  });
});
