import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { instagramWebhook } from '../test/ig-payloads.ts';
import { inboundText } from '../test/wa-payloads.ts';
import type { ConversationView } from './present.ts';

const IG_USER_ID = '17841400000000001';
const IGSID = '6543210987654321';
const STORY_CDN = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1';

describe('inbox API', () => {
  let app: TestApp;
  let token: string;
  const accounts: Record<string, string> = {};
  const get = async (path: string) => {
    const res = await app.request(path, { token });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as any;
  };
  const list = async (query = ''): Promise<ConversationView[]> => (await get(`/api/inbox/conversations${query}`)).items;

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const tokenEnc = encryptSecret(app.ctx.keys.encryptionKey, 't', ACCOUNT_TOKEN);
    for (const [name, pnid] of [['Sales', '111'], ['Support', '222']]) {
      const [row] = await app.ctx.db('channel_accounts')
        .insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: name, external_id: pnid, waba_id: '1', display_phone_number: `+1 555 000 0${pnid}`, access_token_enc: tokenEnc })
        .returning('id');
      accounts[name!] = row.id;
    }
    const [ig] = await app.ctx.db('channel_accounts')
      .insert({ workspace_id: app.ctx.defaultWorkspaceId, channel: 'instagram', display_name: 'Shop IG', external_id: IG_USER_ID, handle: '@shop', access_token_enc: tokenEnc })
      .returning('id');
    accounts.Instagram = ig.id;

    const day = (d: string) => Math.floor(new Date(d).getTime() / 1000);
    await app.postWebhook(inboundText('111', '919800000001', 'w1', 'Need a quote for 50 units', day('2026-11-01T10:00:00Z')));
    await app.postWebhook(inboundText('222', '919800000002', 'w2', 'Where is my parcel?', day('2026-11-10T10:00:00Z')));
    await app.postWebhook(inboundText('222', '919800000002', 'w3', 'Hello again', day('2026-11-11T10:00:00Z')));
    // a minute either side of midnight in India (18:30 UTC): two IST days, one UTC day
    await app.postWebhook(inboundText('111', '919800000003', 'w4', 'Late on the 20th', day('2026-11-20T18:29:00Z')));
    await app.postWebhook(inboundText('111', '919800000004', 'w5', 'Early on the 21st', day('2026-11-20T18:31:00Z')));
    // An Instagram customer, older than all of the above: a text they then edit, a photo they
    // react to, a reply to their first message and a reply to the business's story.
    await app.postWebhook(instagramWebhook(IG_USER_ID, IGSID, [
      { message: { mid: 'ig.m1', text: 'Size M please' } },
      { message: { mid: 'ig.m2', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/photo.jpg' } }] } },
      { message: { mid: 'ig.m3', text: 'Is the blue one in stock?', reply_to: { mid: 'ig.m1' } } },
      { message: { mid: 'ig.m4', text: 'Love this', reply_to: { story: { id: '1800', url: STORY_CDN } } } },
      { message_edit: { mid: 'ig.m1', text: 'Size L please', num_edit: 1 } },
      { reaction: { mid: 'ig.m2', action: 'react', reaction: 'love', emoji: '❤️' } },
    ], Date.parse('2026-10-15T10:00:00Z')));
    await waitFor('the webhooks applied', () => app.ctx.db('messages').where({ external_id: 'ig.m1' }).first('edit_count'), (m) => m?.edit_count === 1, 10_000);
    await waitFor('every message stored', () => app.ctx.db('messages').count({ n: '*' }).first(), (r) => Number(r?.n) === 9, 10_000);
  });
  after(() => app.stop());

  it('lists conversations across channels and accounts, newest activity first', async () => {
    assert.deepEqual((await list()).map((c) => [c.channel, c.account.name, c.contact.externalId, c.lastMessagePreview]), [
      ['whatsapp', 'Sales', '919800000004', 'Early on the 21st'],
      ['whatsapp', 'Sales', '919800000003', 'Late on the 20th'],
      ['whatsapp', 'Support', '919800000002', 'Hello again'],
      ['whatsapp', 'Sales', '919800000001', 'Need a quote for 50 units'],
      ['instagram', 'Shop IG', IGSID, 'Love this'],
    ]);
  });

  it('presents a conversation in camelCase with its account and contact', async () => {
    const [wa] = await list(`?accountId=${accounts.Support}`);
    const { id: identityId } = await app.ctx.db('contact_identities').where({ external_id: '919800000002' }).first('id');
    assert.deepEqual({ ...wa!, id: undefined, createdAt: undefined }, {
      id: undefined,
      channel: 'whatsapp',
      status: 'open',
      snoozedUntil: null,
      resolvedAt: null,
      assignee: null,
      botPaused: null,
      unreadCount: 2, // two customer messages, nobody opened it
      labels: [],
      isTest: false,
      lastMessageAt: '2026-11-11T10:00:00.000Z',
      lastMessagePreview: 'Hello again',
      createdAt: undefined,
      account: { id: accounts.Support, name: 'Support', handle: '+1 555 000 0222' },
      contact: { identityId, externalId: '919800000002', name: 'Customer 0002' },
    });
    assert.match(wa!.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    const [ig] = await list('?channel=instagram');
    assert.deepEqual([ig!.account, ig!.contact.externalId, ig!.contact.name], [{ id: accounts.Instagram, name: 'Shop IG', handle: '@shop' }, IGSID, null]);
  });

  it('filters by channel and by account', async () => {
    const accountNames = async (query: string) => (await list(query)).map((c) => c.account.name);
    assert.deepEqual(await accountNames('?channel=instagram'), ['Shop IG']);
    assert.deepEqual(await accountNames('?channel=whatsapp'), ['Sales', 'Sales', 'Support', 'Sales']);
    assert.deepEqual(await accountNames('?channel=messenger'), []);
    assert.deepEqual(await accountNames(`?accountId=${accounts.Instagram}`), ['Shop IG']);
    assert.deepEqual(await accountNames(`?accountId=${accounts.Instagram}&channel=whatsapp`), []);
    assert.equal((await app.request('/api/inbox/conversations?channel=telegram', { token })).status, 400);
  });

  it('reads a date filter as days of the app time zone (IST), not UTC', async () => {
    const previews = async (query: string) => (await list(`?${query}`)).map((c) => c.lastMessagePreview);
    assert.deepEqual(await previews('from=2026-11-20&to=2026-11-20'), ['Late on the 20th']);
    assert.deepEqual(await previews('from=2026-11-21&to=2026-11-21'), ['Early on the 21st']);
    assert.deepEqual(await previews('from=2026-11-21'), ['Early on the 21st']);
    assert.deepEqual(await previews('from=2026-11-12&to=2026-11-20'), ['Late on the 20th']);
    // a date-time with an offset is an instant, whatever the zone
    assert.deepEqual(await previews('from=2026-11-20T18:30:00Z&to=2026-11-20T18:32:00Z'), ['Early on the 21st']);
    assert.deepEqual(await previews('from=2026-11-21T00:00:00%2B05:30&to=2026-11-21T00:00:00%2B05:30'), []);
  });

  it('filters by account, by date range and by search', async () => {
    assert.equal((await list(`?accountId=${accounts.Sales}`)).length, 3);
    assert.equal((await list('?from=2026-11-05&to=2026-11-19'))[0]!.account.name, 'Support');
    assert.equal((await list('?from=2026-11-01&to=2026-11-01'))[0]!.account.name, 'Sales');
    assert.equal((await list('?search=quote')).length, 1);
    assert.equal((await list('?search=9800000002')).length, 1);
    assert.equal((await list('?search=Customer 0003')).length, 1);
    assert.equal((await list('?search=100%25')).length, 0);
  });

  it('returns a thread oldest first with statuses', async () => {
    const [item] = await list(`?accountId=${accounts.Support}`);
    const { conversation, messages } = await get(`/api/inbox/conversations/${item!.id}/messages`);
    assert.deepEqual(conversation, item);
    assert.deepEqual(messages.map((m: any) => [m.body, m.direction, m.status, m.externalId]), [
      ['Where is my parcel?', 'inbound', 'received', 'w2'],
      ['Hello again', 'inbound', 'received', 'w3'],
    ]);
  });

  it('presents Instagram messages with their media, reaction, edits and reply context', async () => {
    const [item] = await list('?channel=instagram');
    const { messages } = await get(`/api/inbox/conversations/${item!.id}/messages`);
    assert.deepEqual(messages.map((m: any) => [m.externalId, m.type, m.body, m.reaction, m.editCount, m.contextExternalId]), [
      ['ig.m1', 'text', 'Size L please', null, 1, null],
      ['ig.m2', 'image', null, '❤️', 0, null],
      ['ig.m3', 'text', 'Is the blue one in stock?', null, 0, 'ig.m1'],
      ['ig.m4', 'text', 'Love this', null, 0, null],
    ]);
    assert.equal(messages[0].editedAt, '2026-10-15T10:00:00.004Z');
    assert.equal(messages[1].editedAt, null);
    assert.deepEqual(messages[1].payload, { attachments: [{ type: 'image', url: 'https://cdn.example/photo.jpg' }] });
    assert.deepEqual(messages[3].payload, { story_reply: { id: '1800', url: STORY_CDN } });
    assert.equal(typeof messages[0].id, 'string');
    assert.equal(messages[0].sentAt, '2026-10-15T10:00:00.000Z');
  });

  it('publishes the response shapes in the OpenAPI document', async () => {
    const doc = await get('/api/openapi.json');
    const schemaOf = (path: string) => doc.paths[path].get.responses['2XX'].content['application/json'].schema;
    assert.deepEqual(schemaOf('/api/inbox/conversations').properties.items.items.properties.channel.enum, ['whatsapp', 'instagram', 'messenger', 'webchat']);
    assert.ok(schemaOf('/api/inbox/conversations/{id}/messages').properties.messages.items.properties.editCount);
  });

  it('answers 400 for malformed filters and 404 for an unknown conversation', async () => {
    assert.equal((await app.request('/api/inbox/conversations?from=yesterday', { token })).status, 400);
    assert.equal((await app.request('/api/inbox/conversations?accountId=x', { token })).status, 400);
    assert.equal((await app.request('/api/inbox/conversations/00000000-0000-4000-8000-000000000000/messages', { token })).status, 404);
  });
});
