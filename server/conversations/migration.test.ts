import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDb, migrateLatest, type Db } from '../db/knex.ts';
import { createTestDatabase } from '../test/harness.ts';
import { down } from '../../db/migrations/0017_conversation_workflow.ts';

// Migration 0017 gives conversations a workflow state and people a place in them, in place:
// open and archived conversations keep their state, a customer keeps one live conversation.
describe('migration 0017: conversation workflow', () => {
  let db: Db;
  const ids: Record<string, string> = {};

  before(async () => {
    db = createDb(await createTestDatabase(), 2);
    await migrateLatest(db, '0016_channel_accounts.ts');
    const [ws] = await db('workspaces').insert({ name: 'Shop' }).returning('id');
    const [account] = await db('channel_accounts').insert({ workspace_id: ws.id, display_name: 'Support', external_id: '106540352242922', waba_id: '102938475610001', access_token_enc: 'sealed' }).returning('id');
    const [person] = await db('contacts').insert({ workspace_id: ws.id, name: 'Asha' }).returning('id');
    const [identity] = await db('contact_identities').insert({ workspace_id: ws.id, contact_id: person.id, external_id: '919876543210' }).returning('id');
    const [open] = await db('conversations').insert({ workspace_id: ws.id, account_id: account.id, identity_id: identity.id }).returning('id');
    const [archived] = await db('conversations').insert({ workspace_id: ws.id, account_id: account.id, identity_id: identity.id, status: 'archived', archived_at: new Date() }).returning('id');
    await db('reply_rules').insert({ workspace_id: ws.id, name: 'Price', keywords: ['price'], reply: 'Rs 100' });
    Object.assign(ids, { ws: ws.id, account: account.id, identity: identity.id, open: open.id, archived: archived.id });
    assert.deepEqual(await migrateLatest(db, '0017_conversation_workflow.ts'), ['0017_conversation_workflow.ts']);
  });
  after(() => db?.destroy());

  it('keeps open and archived conversations as they were, unassigned, bots answering, nothing unread', async () => {
    const rows = await db('conversations').whereIn('id', [ids.open, ids.archived]).orderBy('status', 'desc').select('status', 'assignee_id', 'bot_paused_at', 'unread_count');
    assert.deepEqual(rows.map((r) => [r.status, r.assignee_id, r.bot_paused_at, r.unread_count]), [['open', null, null, 0], ['archived', null, null, 0]]);
    assert.equal((await db('reply_rules').first('hands_over')).hands_over, false);
  });

  it('allows one live conversation per customer and account, whatever its state', async () => {
    await db('conversations').where({ id: ids.open }).update({ status: 'resolved', resolved_at: new Date() });
    await assert.rejects(db('conversations').insert({ workspace_id: ids.ws, account_id: ids.account, identity_id: ids.identity }), /conversations_one_live/);
    await assert.rejects(db('conversations').where({ id: ids.open }).update({ status: 'snoozed' }), /conversations_snooze/);
    await assert.rejects(db('conversations').where({ id: ids.open }).update({ status: 'closed' }), /conversations_status_check/);
  });

  it('stores notes, labels and canned replies, and refuses a rule with neither reply nor handover', async () => {
    await db('messages').insert({ workspace_id: ids.ws, account_id: ids.account, identity_id: ids.identity, conversation_id: ids.open, direction: 'note', type: 'text', body: 'VIP', status: 'sent' });
    const [label] = await db('labels').insert({ workspace_id: ids.ws, name: 'VIP', color: '#aa0000' }).returning('id');
    await assert.rejects(db('labels').insert({ workspace_id: ids.ws, name: 'vip', color: '#00aa00' }), /labels_name_unique/);
    await db('conversation_labels').insert({ conversation_id: ids.open, label_id: label.id });
    await db('canned_replies').insert({ workspace_id: ids.ws, shortcut: 'hours', body: 'We open at 10.' });
    await assert.rejects(db('canned_replies').insert({ workspace_id: ids.ws, shortcut: 'Bad Shortcut', body: 'x' }), /canned_replies_shortcut/);
    await assert.rejects(db('reply_rules').insert({ workspace_id: ids.ws, name: 'Empty', keywords: ['x'], reply: null }), /reply_rules_action/);
    await db('reply_rules').insert({ workspace_id: ids.ws, name: 'Human', keywords: ['human'], reply: null, hands_over: true });
  });

  it('rolls back: notes, handover-only rules and the newer states go; the customer keeps one open conversation', async () => {
    await down(db);
    const rows = await db('conversations').whereIn('id', [ids.open, ids.archived]).orderBy('status', 'desc').select('id', 'status');
    assert.deepEqual(rows.map((r) => r.status), ['open', 'archived']);
    assert.equal((await db('messages').where({ direction: 'note' })).length, 0);
    assert.deepEqual((await db('reply_rules').select('name')).map((r) => r.name), ['Price']);
    assert.equal(await db.schema.hasTable('labels'), false);
  });
});
