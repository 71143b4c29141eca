import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDb, migrateLatest, type Db } from '../db/knex.ts';
import { createTestDatabase } from '../test/harness.ts';
import { down, up } from '../../db/migrations/0020_webchat.ts';

// Migration 0020 adds web chat beside what is there: widgets are channel accounts of a new kind,
// people get an email and a phone. Its down removes web chat's accounts, visitors and
// conversations (with their messages and reply logs) and leaves every other channel's rows.
describe('migration 0020: web chat', () => {
  let db: Db;
  const ids: Record<string, string> = {};

  before(async () => {
    db = createDb(await createTestDatabase(), 2);
    await migrateLatest(db, '0019_inbox_search.ts');
    const [ws] = await db('workspaces').insert({ name: 'Shop' }).returning('id');
    const [wa] = await db('channel_accounts').insert({ workspace_id: ws.id, display_name: 'Support', external_id: '106540352242922', waba_id: '102938475610001', access_token_enc: 'sealed' }).returning('id');
    const [person] = await db('contacts').insert({ workspace_id: ws.id, name: 'Asha' }).returning('id');
    const [identity] = await db('contact_identities').insert({ workspace_id: ws.id, contact_id: person.id, external_id: '919876543210' }).returning('id');
    const [conv] = await db('conversations').insert({ workspace_id: ws.id, account_id: wa.id, identity_id: identity.id }).returning('id');
    Object.assign(ids, { ws: ws.id, wa: wa.id, person: person.id, conv: conv.id });
    assert.deepEqual(await migrateLatest(db, '0020_webchat.ts'), ['0020_webchat.ts']);
  });
  after(() => db?.destroy());

  it('takes a widget as a channel account with its settings, and people with an email and a phone', async () => {
    const [widget] = await db('channel_accounts').insert({ workspace_id: ids.ws, channel: 'webchat', display_name: 'Site', external_id: 'k'.repeat(24), access_token_enc: 'sealed' }).returning('id');
    await db('webchat_widgets').insert({ account_id: widget.id, workspace_id: ids.ws, settings: JSON.stringify({ name: 'Site' }) });
    await assert.rejects(db('channel_accounts').insert({ workspace_id: ids.ws, channel: 'telegram', display_name: 'x', external_id: '1', access_token_enc: 's' }), /channel_accounts_channel/);
    await db('contacts').where({ id: ids.person }).update({ email: 'Asha@Example.com', phone: '919876543210' });
    const found = await db('contacts').where({ workspace_id: ids.ws }).whereRaw('lower(email) = ?', ['asha@example.com']).first('id');
    assert.equal(found.id, ids.person);
    // A visitor with a conversation, a message and a reply log: what down must remove.
    const [vp] = await db('contacts').insert({ workspace_id: ids.ws }).returning('id');
    const [visitor] = await db('contact_identities').insert({ workspace_id: ids.ws, contact_id: vp.id, channel: 'webchat', external_id: `v_${'a'.repeat(22)}`, email: 'v@example.com' }).returning('id');
    const [vc] = await db('conversations').insert({ workspace_id: ids.ws, account_id: widget.id, identity_id: visitor.id }).returning('id');
    const [m] = await db('messages').insert({ workspace_id: ids.ws, account_id: widget.id, identity_id: visitor.id, conversation_id: vc.id, external_id: 'wc_1', direction: 'inbound', type: 'text', body: 'hi', status: 'received' }).returning('id');
    await db('reply_logs').insert({ workspace_id: ids.ws, number_id: widget.id, conversation_id: vc.id, inbound_message_id: m.id, source: 'none', outcome: 'no_agent' });
    Object.assign(ids, { widget: widget.id, visitorPerson: vp.id });
  });

  it('rolls back: web chat goes, the other channels stay, and it can be applied again', async () => {
    await down(db);
    assert.equal((await db('channel_accounts').where({ channel: 'webchat' })).length, 0);
    assert.equal((await db('contact_identities').where({ channel: 'webchat' })).length, 0);
    assert.equal(await db('contacts').where({ id: ids.visitorPerson }).first(), undefined);
    assert.equal((await db('conversations').where({ id: ids.conv }).first()).account_id, ids.wa);
    assert.equal((await db('contacts').where({ id: ids.person }).first()).name, 'Asha');
    assert.equal(await db.schema.hasTable('webchat_widgets'), false);
    assert.equal(await db.schema.hasColumn('contacts', 'email'), false);
    await up(db);
    assert.equal(await db.schema.hasTable('webchat_widgets'), true);
  });
});
