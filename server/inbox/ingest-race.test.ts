import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelMessage } from '../channels/channel.ts';
import { noEvents } from '../channels/channel.ts';
import { createDb, migrateLatest, type Db } from '../db/knex.ts';
import { createTestDatabase } from '../test/harness.ts';
import { ingestEvents } from './ingest.ts';

// The inbound seam finds or opens a customer's conversation in one statement. A conversation that
// another transaction creates while that statement runs is in neither its snapshot nor its
// inserts: the seam reads it again, so the message lands there and no second conversation opens.

describe('inbound seam: a conversation opened meanwhile by another transaction', () => {
  let db: Db;
  const ids: Record<string, string> = {};
  const PNID = '106540352242922';
  const CUSTOMER = '919876543210';

  before(async () => {
    db = createDb(await createTestDatabase(), 4);
    await migrateLatest(db);
    const [ws] = await db('workspaces').insert({ name: 'Shop' }).returning('id');
    const [wa] = await db('channel_accounts').insert({ workspace_id: ws.id, display_name: 'Support', external_id: PNID, waba_id: '102938475610001', access_token_enc: 'sealed' }).returning('id');
    const [person] = await db('contacts').insert({ workspace_id: ws.id, name: 'Asha' }).returning('id');
    const [identity] = await db('contact_identities').insert({ workspace_id: ws.id, contact_id: person.id, external_id: CUSTOMER }).returning('id');
    Object.assign(ids, { ws: ws.id, wa: wa.id, identity: identity.id });
  });
  after(() => db?.destroy());

  const message = (externalId: string): ChannelMessage => ({
    channel: 'whatsapp', accountId: PNID, customerId: CUSTOMER, timestamp: new Date(), externalId, direction: 'inbound',
    type: 'text', text: 'Is the blue kurta in stock?', payload: null, contextId: null, profileName: null, standby: false,
  });

  it('stores the message in the conversation the other transaction committed', async () => {
    const other = await db.transaction();
    const [opened] = await other('conversations').insert({ workspace_id: ids.ws, account_id: ids.wa, identity_id: ids.identity }).returning('id');
    // The seam's statement waits on the other transaction's uncommitted row (the one live conversation per customer)...
    const ingest = db.transaction((trx) => ingestEvents(trx, { ...noEvents(), messages: [message('wamid.RACE1')] }));
    const waiting = async () =>
      (await db.raw(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into conversations%'`)).rows[0].n;
    for (let i = 0; i < 100 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await waiting(), 1, 'the seam did not wait on the conversation being opened');
    // ...which commits: the row is not in the statement's snapshot, and its insert did nothing.
    await other.commit();
    const result = await ingest;
    assert.equal(result.stored.get('wamid.RACE1')?.conversationId, opened.id);
    const live = await db('conversations').where({ account_id: ids.wa, identity_id: ids.identity }).whereNot({ status: 'archived' }).select('id', 'unread_count', 'last_message_preview');
    assert.deepEqual(live, [{ id: opened.id, unread_count: 1, last_message_preview: 'Is the blue kurta in stock?' }]);
    assert.equal((await db('reply_tasks').where({ conversation_id: opened.id })).length, 1);
  });

  it('a redelivered message is stored once, with one reply task', async () => {
    const again = await db.transaction((trx) => ingestEvents(trx, { ...noEvents(), messages: [message('wamid.RACE1'), message('wamid.RACE2')] }));
    assert.deepEqual([...again.stored.keys()], ['wamid.RACE2']);
    assert.equal((await db('messages').where({ external_id: 'wamid.RACE1' })).length, 1);
    assert.equal((await db('reply_tasks')).length, 2);
  });
});
