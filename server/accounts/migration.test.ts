import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDb, migrateLatest, type Db } from '../db/knex.ts';
import { createTestDatabase } from '../test/harness.ts';
import { down } from '../../db/migrations/0016_channel_accounts.ts';

// Migration 0016 turns an install's WhatsApp numbers into channel accounts and its contacts into
// people with identities, in place: every id kept, every conversation and message still found.
describe('migration 0016: numbers and contacts migrate in place', () => {
  let db: Db;
  const ids: Record<string, string> = {};

  before(async () => {
    db = createDb(await createTestDatabase(), 2);
    await migrateLatest(db, '0015_lean_status_writes.ts');
    const [ws] = await db('workspaces').insert({ name: 'Shop' }).returning('id');
    const [number] = await db('phone_numbers').insert({ workspace_id: ws.id, display_name: 'Support', phone_number_id: '106540352242922', waba_id: '102938475610001', access_token_enc: 'sealed' }).returning('id');
    const [contact] = await db('contacts').insert({ workspace_id: ws.id, external_id: '919876543210', profile_name: 'Asha' }).returning('id');
    const [conversation] = await db('conversations').insert({ workspace_id: ws.id, number_id: number.id, contact_id: contact.id }).returning('id');
    await db('messages').insert({ workspace_id: ws.id, number_id: number.id, contact_id: contact.id, conversation_id: conversation.id, wamid: 'wamid.old', direction: 'inbound', type: 'text', body: 'Hi', status: 'received' });
    await db('message_status_logs').insert({ workspace_id: ws.id, wamid: 'wamid.out', status: 'read', status_at: new Date() });
    Object.assign(ids, { ws: ws.id, number: number.id, contact: contact.id, conversation: conversation.id });
    assert.deepEqual(await migrateLatest(db, '0016_channel_accounts.ts'), ['0016_channel_accounts.ts']);
  });
  after(() => db?.destroy());

  it('keeps the number as a WhatsApp account under its id', async () => {
    const a = await db('channel_accounts').where({ id: ids.number }).first();
    assert.deepEqual([a.channel, a.external_id, a.waba_id, a.display_name], ['whatsapp', '106540352242922', '102938475610001', 'Support']);
  });

  it('makes each contact an identity of a person named after it, under the same id', async () => {
    const k = await db('contact_identities').where({ id: ids.contact }).first();
    assert.deepEqual([k.channel, k.external_id, k.profile_name, k.contact_id], ['whatsapp', '919876543210', 'Asha', ids.contact]);
    assert.equal((await db('contacts').where({ id: k.contact_id }).first()).name, 'Asha');
  });

  it('keeps conversations, messages and status logs pointing at them', async () => {
    const c = await db('conversations').where({ id: ids.conversation }).first();
    assert.deepEqual([c.account_id, c.identity_id], [ids.number, ids.contact]);
    const m = await db('messages').where({ external_id: 'wamid.old' }).first();
    assert.deepEqual([m.account_id, m.identity_id, m.conversation_id, m.edit_count, m.reaction], [ids.number, ids.contact, ids.conversation, 0, null]);
    assert.equal((await db('message_status_logs').where({ external_id: 'wamid.out' })).length, 1);
  });

  it('refuses a WhatsApp account without a WABA, and a second live account with the same id', async () => {
    await assert.rejects(db('channel_accounts').insert({ workspace_id: ids.ws, channel: 'whatsapp', display_name: 'x', external_id: '1', access_token_enc: 's' }), /channel_accounts_waba/);
    await db('channel_accounts').insert({ workspace_id: ids.ws, channel: 'instagram', display_name: 'IG', external_id: '106540352242922', access_token_enc: 's' });
    await assert.rejects(db('channel_accounts').insert({ workspace_id: ids.ws, channel: 'instagram', display_name: 'IG 2', external_id: '106540352242922', access_token_enc: 's' }), /channel_accounts_live_unique/);
  });

  it('rolls back to the old shape', async () => {
    await db('channel_accounts').where({ channel: 'instagram' }).delete();
    await down(db);
    const c = await db('conversations').where({ id: ids.conversation }).first();
    assert.deepEqual([c.number_id, c.contact_id], [ids.number, ids.contact]);
    assert.equal((await db('phone_numbers').where({ id: ids.number }).first()).phone_number_id, '106540352242922');
    assert.equal((await db('contacts').where({ id: ids.contact }).first()).profile_name, 'Asha');
  });
});
