// POST /control/inbound for Instagram and Messenger: every event kind the app parses arrives
// signed, in Meta's shape, under messaging[] (or standby[] when another app owns the thread).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SECRET, simulatorWithReceiver, type Json } from '../test-helpers.ts';
import { MESSAGING_INBOUND_TYPES, typeAllowed } from '../webhooks/inbound-messaging.ts';

const IG = '17841400000000001';
const PAGE = '106000000000001';
const USER = '6543210987654321';
const env = simulatorWithReceiver((url) => ({
    webhookUrl: url, appSecret: SECRET, statusWebhooks: false, batchIntervalMs: 5,
    accounts: [{ id: IG, platform: 'instagram', access_tokens: ['IGQ-token'] }, { id: PAGE, platform: 'messenger', access_tokens: ['PAGE-token'] }],
  }));

type Channel = 'instagram' | 'messenger';
const account = (channel: Channel) => (channel === 'instagram' ? IG : PAGE);

/** Emits one event and returns the signed POST's single entry. */
async function emit(channel: Channel, body: Record<string, unknown>): Promise<Json> {
  await env.sim.control('POST', '/inbound', { channel, account_id: account(channel), from: USER, flush: true, ...body });
  await env.hook.waitFor((g) => g.length >= 1);
  const [got, ...more] = env.hook.got.splice(0);
  assert.equal(more.length, 0);
  assert.ok(got.valid, 'X-Hub-Signature-256 verifies with the app secret');
  assert.equal(got.json.object, channel === 'instagram' ? 'instagram' : 'page');
  assert.equal(got.json.entry.length, 1);
  return got.json.entry[0];
}
const item = async (channel: Channel, body: Record<string, unknown>) => (await emit(channel, body)).messaging[0];

/** The one event key of each kind (beside sender, recipient, timestamp). */
const EVENT_KEY: Record<string, string> = { reaction: 'reaction', unreact: 'reaction', postback: 'postback', message_edit: 'message_edit', read: 'read', delivery: 'delivery', referral: 'referral' };

test('every kind on each platform: one signed messaging[] item with sender, recipient, ms timestamp', async () => {
  for (const channel of ['instagram', 'messenger'] as const) {
    for (const type of MESSAGING_INBOUND_TYPES.filter((t) => typeAllowed(channel, t))) {
      const ev = await item(channel, { type });
      const key = EVENT_KEY[type] ?? 'message';
      assert.deepEqual(Object.keys(ev), ['sender', 'recipient', 'timestamp', key], `${channel} ${type}`);
      const business = { id: account(channel) };
      assert.deepEqual(type === 'echo' ? ev.sender : ev.recipient, business, `${channel} ${type}`);
      assert.ok(ev.timestamp > 1e12);
    }
  }
  const bad = await fetch(`${env.sim.url}/control/inbound`, { method: 'POST', body: JSON.stringify({ channel: 'instagram', account_id: IG, from: USER, type: 'delivery' }) });
  assert.equal(bad.status, 400, 'Instagram has no delivery events');
});

test('media, sticker (image + sticker_id) and share (type share with a url)', async () => {
  for (const type of ['image', 'video', 'audio', 'file'] as const) {
    const m = (await item('instagram', { type })).message;
    assert.deepEqual(Object.keys(m), ['mid', 'attachments']);
    assert.equal(m.attachments[0].type, type);
    assert.match(m.attachments[0].payload.url, /^https:\/\//);
  }
  const custom = (await item('messenger', { type: 'image', url: 'https://example.test/a.jpg' })).message;
  assert.deepEqual(custom.attachments, [{ type: 'image', payload: { url: 'https://example.test/a.jpg' } }]);

  const igSticker = (await item('instagram', { type: 'sticker' })).message;
  assert.equal(igSticker.attachments[0].type, 'image');
  assert.equal(typeof igSticker.attachments[0].payload.sticker_id, 'number');
  assert.ok(igSticker.attachments[0].payload.url);
  const pageSticker = (await item('messenger', { type: 'sticker' })).message;
  assert.equal(pageSticker.sticker_id, pageSticker.attachments[0].payload.sticker_id, 'Messenger repeats sticker_id on the message');

  const share = (await item('instagram', { type: 'share' })).message;
  assert.equal(share.attachments[0].type, 'share');
  assert.match(share.attachments[0].payload.url, /^https:\/\/www\.instagram\.com\/p\//);
  const link = (await item('messenger', { type: 'share', url: 'https://shop.test/item/7' })).message;
  assert.deepEqual(link.attachments, [{ type: 'share', payload: { url: 'https://shop.test/item/7' } }]);
});

test('message_edit and deleted refer to the customer\'s own last message; num_edit counts up', async () => {
  const first = (await item('instagram', { text: 'Whre is my parcel?' })).message.mid;
  const edit1 = (await item('instagram', { type: 'message_edit', text: 'Where is my parcel?' })).message_edit;
  assert.deepEqual(edit1, { mid: first, text: 'Where is my parcel?', num_edit: 1 });
  const edit2 = (await item('instagram', { type: 'message_edit', text: 'Where is my parcel??' })).message_edit;
  assert.deepEqual(edit2, { mid: first, text: 'Where is my parcel??', num_edit: 2 });
  // A reply from the business does not change what the customer edits or deletes.
  await env.sim.post(`/graph/v23.0/${IG}/messages`, { recipient: { id: USER }, message: { text: 'Checking' } }, 'IGQ-token');
  const deleted = (await item('instagram', { type: 'deleted' })).message;
  assert.deepEqual(deleted, { mid: first, is_deleted: true });
  const second = (await item('messenger', { type: 'share' })).message.mid;
  assert.equal((await item('messenger', { type: 'message_edit' })).message_edit.mid, second);
});

test('reaction, unreact, read and delivery refer to the business\'s last message; postback with mid on IG only', async () => {
  const sent = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, { recipient: { id: USER }, messaging_type: 'RESPONSE', message: { text: 'Your order shipped' } }, 'PAGE-token');
  assert.equal(sent.body.error.code, 10, 'no window yet');
  await item('messenger', { text: 'hi' });
  const mid = (await env.sim.post(`/graph/v23.0/${PAGE}/messages`, { recipient: { id: USER }, messaging_type: 'RESPONSE', message: { text: 'Your order shipped' } }, 'PAGE-token')).body.message_id;
  assert.deepEqual((await item('messenger', { type: 'reaction' })).reaction, { mid, action: 'react', reaction: 'love', emoji: '❤️' });
  assert.deepEqual((await item('messenger', { type: 'unreact' })).reaction, { mid, action: 'unreact' });
  assert.deepEqual((await item('messenger', { type: 'delivery' })).delivery.mids, [mid]);
  assert.deepEqual(Object.keys((await item('messenger', { type: 'postback' })).postback), ['title', 'payload']);
  assert.deepEqual(Object.keys((await item('instagram', { type: 'postback', text: 'Track' })).postback), ['mid', 'title', 'payload']);
  const qr = (await item('instagram', { type: 'quick_reply', fields: { quick_reply: { payload: 'SIZE_M' } } })).message;
  assert.deepEqual(qr.quick_reply, { payload: 'SIZE_M' });
  assert.deepEqual(Object.keys((await item('instagram', { type: 'referral' })).referral), ['ref', 'source', 'type']);
  const mention = (await item('instagram', { type: 'story_mention' })).message;
  assert.equal(mention.attachments[0].type, 'story_mention');
});

test('standby: the item goes under entry[].standby[] (another app owns the thread); mixed batches keep both', async () => {
  const entry = await emit('messenger', { text: 'Handed over', standby: true });
  assert.deepEqual(Object.keys(entry), ['id', 'time', 'standby']);
  assert.equal(entry.standby[0].message.text, 'Handed over');

  await env.sim.control('PATCH', '/knobs', { batchIntervalMs: 60_000 }); // only the explicit flush sends
  await env.sim.control('POST', '/inbound', { channel: 'instagram', account_id: IG, from: USER, text: 'to us' });
  await env.sim.control('POST', '/inbound', { channel: 'instagram', account_id: IG, from: USER, type: 'read', standby: true });
  await env.sim.control('POST', '/webhooks/flush', {});
  assert.equal(env.hook.got.length, 1);
  assert.ok(env.hook.got[0].valid);
  const [e] = env.hook.got[0].json.entry;
  assert.deepEqual([e.messaging.length, e.standby.length], [1, 1]);
  assert.equal(e.messaging[0].message.text, 'to us');
  assert.ok(e.standby[0].read);
});

test('the reply names the event and whether it went to standby; unknown fields are refused', async () => {
  const r = await env.sim.control('POST', '/inbound', { channel: 'instagram', account_id: IG, from: USER, type: 'sticker', standby: true });
  assert.equal(r.standby, true);
  assert.equal(r.webhook, 'queued');
  assert.ok(r.event.message.attachments[0].payload.sticker_id);
  const typo = await fetch(`${env.sim.url}/control/inbound`, { method: 'POST', body: JSON.stringify({ channel: 'instagram', account_id: IG, from: USER, stanby: true }) });
  assert.equal(typo.status, 400);
  assert.match((await typo.json()).error.message, /stanby/);
});
