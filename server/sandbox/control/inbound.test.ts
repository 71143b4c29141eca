// POST /control/inbound: each WhatsApp message type and the Instagram / Messenger event types
// arrive as Meta shapes them, signed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, SECRET, simulatorWithReceiver, text, WABA, type Json } from '../test-helpers.ts';

const env = simulatorWithReceiver((url) => ({
    webhookUrl: url, appSecret: SECRET, statusWebhooks: false, batchIntervalMs: 5,
    accounts: [{ id: '17841400000000001', platform: 'instagram', access_tokens: ['IGQ-token'] }, { id: '106000000000001', platform: 'messenger', access_tokens: ['PAGE-token'] }],
  }));

async function inbound(body: Record<string, unknown>): Promise<Json> {
  const r = await env.sim.control('POST', '/inbound', { flush: true, ...body });
  await env.hook.waitFor((g) => g.length >= 1);
  const got = env.hook.got.splice(0);
  assert.equal(got.length, 1);
  assert.ok(got[0].valid, 'signature verifies');
  return { reply: r, payload: got[0].json, raw: got[0].raw.toString('utf8') };
}

const waValue = (p: Json) => p.entry[0].changes[0].value;

test('text: full envelope as META-PLATFORM 2.2', async () => {
  const { reply, payload } = await inbound({ phone_number_id: PHONE, from: '+44 7700 900123', name: 'Ada Lovelace', text: 'Hi, is my order shipped?' });
  assert.equal(payload.object, 'whatsapp_business_account');
  assert.equal(payload.entry[0].id, WABA);
  assert.equal(payload.entry[0].changes[0].field, 'messages');
  const v = waValue(payload);
  assert.deepEqual(v.metadata, { display_phone_number: '15557654321', phone_number_id: PHONE });
  assert.deepEqual(v.contacts, [{ profile: { name: 'Ada Lovelace' }, wa_id: '447700900123' }]);
  const m = v.messages[0];
  assert.deepEqual(Object.keys(m), ['from', 'id', 'timestamp', 'type', 'text']);
  assert.equal(m.from, '447700900123');
  assert.match(m.id, /^wamid\./);
  assert.ok(Buffer.from(m.id.slice(6), 'base64')[18] === 0x12, 'inbound wamid marker');
  assert.equal(typeof m.timestamp, 'string');
  assert.deepEqual(m.text, { body: 'Hi, is my order shipped?' });
  assert.equal(reply.id, m.id);
});

test('image / video / audio / document / sticker carry media ids and Meta\'s fields', async () => {
  for (const [type, keys] of [
    ['image', ['caption', 'mime_type', 'sha256', 'id', 'url']],
    ['video', ['caption', 'mime_type', 'sha256', 'id', 'url']],
    ['document', ['caption', 'filename', 'mime_type', 'sha256', 'id', 'url']],
    ['audio', ['mime_type', 'sha256', 'id', 'url', 'voice']],
    ['sticker', ['mime_type', 'sha256', 'id', 'url', 'animated']],
  ] as const) {
    const { payload } = await inbound({ phone_number_id: PHONE, from: '447700900123', type, ...(type === 'audio' || type === 'sticker' ? {} : { text: 'Broken lid' }) });
    const m = waValue(payload).messages[0];
    assert.equal(m.type, type);
    assert.deepEqual(Object.keys(m[type]), keys, type);
    assert.match(m[type].id, /^\d{15}$/);
    assert.match(m[type].url, /^https:\/\/lookaside\.fbsbx\.com\/whatsapp_business\/attachments\/\?mid=/);
  }
  const custom = await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'image', image: { mime_type: 'image/png' } });
  assert.equal(waValue(custom.payload).messages[0].image.mime_type, 'image/png');
});

test('interactive replies, template button, reaction (and removal) refer to the last outbound message', async () => {
  const sent = await env.sim.send(text('447700900123', 'Confirm?'));
  const wamid = sent.body.messages[0].id;
  const button = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'interactive', text: 'Yes, confirm', interactive: { button_reply: { id: 'confirm_yes' } } })).payload).messages[0];
  assert.deepEqual(button.context, { from: '15557654321', id: wamid });
  assert.deepEqual(button.interactive, { type: 'button_reply', button_reply: { id: 'confirm_yes', title: 'Yes, confirm' } });
  const list = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'slot_0930', title: '09:30', description: 'Tomorrow morning' } } })).payload).messages[0];
  assert.deepEqual(list.interactive, { type: 'list_reply', list_reply: { id: 'slot_0930', title: '09:30', description: 'Tomorrow morning' } });
  const tplButton = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'button', button: { payload: 'STOP_PROMOS', text: 'Stop promotions' } })).payload).messages[0];
  assert.deepEqual(tplButton.button, { payload: 'STOP_PROMOS', text: 'Stop promotions' });
  assert.equal(tplButton.context.id, wamid);
  const reaction = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'reaction' })).payload).messages[0];
  assert.deepEqual(reaction.reaction, { message_id: wamid, emoji: '👍' });
  const removal = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'reaction', reaction: { emoji: null } })).payload).messages[0];
  assert.deepEqual(removal.reaction, { message_id: wamid });
});

test('location, contacts, unsupported (131051 errors), system (no contacts), order', async () => {
  const loc = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'location' })).payload).messages[0];
  assert.equal(typeof loc.location.latitude, 'number');
  const contacts = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'contacts' })).payload).messages[0];
  assert.equal(contacts.contacts[0].name.formatted_name, 'Grace Hopper');
  const unsup = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'unsupported' })).payload).messages[0];
  assert.deepEqual(Object.keys(unsup), ['from', 'id', 'timestamp', 'errors', 'type', 'unsupported']);
  assert.equal(unsup.errors[0].code, 131051);
  assert.deepEqual(unsup.unsupported, { type: 'poll_creation' });
  const sys = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'system', new_wa_id: '447700900124' })).payload);
  assert.equal(sys.contacts, undefined);
  assert.deepEqual(sys.messages[0].system, { body: 'User Sandbox Customer changed from 447700900123 to 447700900124', wa_id: '447700900124', type: 'user_changed_number' });
  const order = waValue((await inbound({ phone_number_id: PHONE, from: '447700900123', type: 'order' })).payload).messages[0];
  assert.equal(order.order.product_items.length, 1);
});

test('several inbound messages batch into one POST', async () => {
  await env.sim.control('PATCH', '/knobs', { batchIntervalMs: 60_000 }); // only the explicit flush sends
  for (let i = 0; i < 3; i++) await env.sim.control('POST', '/inbound', { phone_number_id: PHONE, from: '447700900123', text: `m${i}` });
  await env.sim.control('POST', '/inbound', { phone_number_id: PHONE, from: '447700900999', text: 'other' });
  await env.sim.control('POST', '/webhooks/flush', {});
  assert.equal(env.hook.got.length, 1);
  const v = waValue(env.hook.got[0].json);
  assert.deepEqual(v.messages.map((m: Json) => m.text.body), ['m0', 'm1', 'm2', 'other']);
  assert.equal(v.contacts.length, 2);
});

test('unknown number and bad type are 4xx', async () => {
  const r = await fetch(`${env.sim.url}/control/inbound`, { method: 'POST', body: JSON.stringify({ phone_number_id: '999', from: '1' }) });
  assert.equal(r.status, 404);
  const t = await fetch(`${env.sim.url}/control/inbound`, { method: 'POST', body: JSON.stringify({ phone_number_id: PHONE, from: '1', type: 'fax' }) });
  assert.equal(t.status, 400);
});

const IG = '17841400000000001';
const PAGE = '106000000000001';

test('Instagram: object "instagram", messaging[] with ms timestamps; story reply, reaction, postback, read', async () => {
  const { payload } = await inbound({ channel: 'instagram', account_id: IG, from: '6543210987654321', text: 'Is this still available?', type: 'story_reply' });
  assert.equal(payload.object, 'instagram');
  assert.equal(payload.entry[0].id, IG);
  assert.ok(payload.entry[0].time > 1e12);
  const ev = payload.entry[0].messaging[0];
  assert.deepEqual(ev.sender, { id: '6543210987654321' });
  assert.deepEqual(ev.recipient, { id: IG });
  assert.ok(ev.timestamp > 1e12);
  assert.match(ev.message.mid, /^aWdfZAG1faXRlbToxOklHTWVzc2FnZA/);
  assert.equal(ev.message.text, 'Is this still available?');
  assert.ok(ev.message.reply_to.story.url && ev.message.reply_to.story.id);

  const reaction = (await inbound({ channel: 'instagram', account_id: IG, from: '6543210987654321', type: 'reaction' })).payload.entry[0].messaging[0];
  assert.deepEqual(Object.keys(reaction.reaction), ['mid', 'action', 'reaction', 'emoji']);
  const unreact = (await inbound({ channel: 'instagram', account_id: IG, from: '6543210987654321', type: 'unreact' })).payload.entry[0].messaging[0];
  assert.deepEqual(Object.keys(unreact.reaction), ['mid', 'action']);
  const postback = (await inbound({ channel: 'instagram', account_id: IG, from: '6543210987654321', type: 'postback' })).payload.entry[0].messaging[0];
  assert.deepEqual(Object.keys(postback.postback), ['mid', 'title', 'payload']);
  const read = (await inbound({ channel: 'instagram', account_id: IG, from: '6543210987654321', type: 'read' })).payload.entry[0].messaging[0];
  assert.deepEqual(Object.keys(read.read), ['mid']);
  const unsupported = (await inbound({ channel: 'instagram', account_id: IG, from: '6543210987654321', type: 'unsupported' })).payload.entry[0].messaging[0];
  assert.equal(unsupported.message.is_unsupported, true);
});

test('Messenger: object "page", non-ASCII escaped like Meta (signature over the escaped bytes)', async () => {
  const { payload, raw } = await inbound({ channel: 'messenger', account_id: PAGE, from: '24000000000000001', text: 'Grüße äöå' });
  assert.equal(payload.object, 'page');
  assert.equal(payload.entry[0].messaging[0].message.text, 'Grüße äöå');
  assert.ok(raw.includes('Gr\\u00fc\\u00dfe \\u00e4\\u00f6\\u00e5'));
  assert.match(payload.entry[0].messaging[0].message.mid, /^m_/);
  const read = (await inbound({ channel: 'messenger', account_id: PAGE, from: '24000000000000001', type: 'read' })).payload.entry[0].messaging[0];
  assert.deepEqual(Object.keys(read.read), ['watermark']);
  const img = (await inbound({ channel: 'messenger', account_id: PAGE, from: '24000000000000001', type: 'image' })).payload.entry[0].messaging[0];
  assert.equal(img.message.attachments[0].type, 'image');
  const bad = await fetch(`${env.sim.url}/control/inbound`, { method: 'POST', body: JSON.stringify({ channel: 'messenger', account_id: PAGE, from: '1', type: 'story_reply' }) });
  assert.equal(bad.status, 400);
});

test('raw webhook emission (e.g. phone_number_quality_update)', async () => {
  await env.sim.control('POST', '/webhooks/emit', { waba_id: WABA, field: 'phone_number_quality_update', value: { display_phone_number: '15557654321', event: 'THROUGHPUT_UPGRADE', max_daily_conversations_per_business: 'TIER_UNLIMITED' }, flush: true });
  await env.hook.waitFor((g) => g.length >= 1);
  const e = env.hook.got[0].json.entry[0];
  assert.equal(e.changes[0].field, 'phone_number_quality_update');
  assert.equal(typeof e.time, 'number');
});
