// Instagram / Messenger Send API over HTTP: /me/messages and /{id}/messages, success and error
// shapes, window rules, and the delivery/read/echo webhooks that follow. The window is switched
// off here (enforceMessagingWindow: false) except where a test turns it on: messaging-rules.test.ts
// covers it, the account GET and send faults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SECRET, simulatorWithReceiver, startTestSandbox, type Json } from '../test-helpers.ts';

const IG = '17841400000000001';
const PAGE = '106000000000001';
const USER = '6543210987654321';
const env = simulatorWithReceiver((url) => ({
    webhookUrl: url, appSecret: SECRET, statusDelaysMs: { sent: 0, delivered: 0, read: 0 }, batchIntervalMs: 5, enforceMessagingWindow: false,
    accounts: [{ id: IG, platform: 'instagram', access_tokens: ['IGQ-token'] }, { id: PAGE, platform: 'messenger', access_tokens: ['PAGE-token'] }],
  }));

const msg = (textBody = 'Yes, it ships tomorrow.', extra: Record<string, unknown> = {}) => ({ recipient: { id: USER }, message: { text: textBody }, ...extra });

test('IG: POST /me/messages resolves the account from the token; success {recipient_id, message_id}', async () => {
  const r = await env.sim.post('/graph/v23.0/me/messages', msg(), 'IGQ-token');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body), ['recipient_id', 'message_id']);
  assert.equal(r.body.recipient_id, USER);
  assert.match(r.body.message_id, /^aWdfZAG1faXRlbToxOklHTWVzc2FnZA/);
  const log = await env.sim.control('GET', `/requests?object_id=${IG}`);
  assert.equal(log.entries[0].channel, 'instagram');
  assert.deepEqual(log.counts[USER], { requests: 1, accepted: 1 });
  // IG sends get a read (messaging_seen) webhook; no delivery events on Instagram.
  await env.hook.waitFor((g) => g.length >= 1);
  const ev = env.hook.got[0].json;
  assert.equal(ev.object, 'instagram');
  assert.ok(env.hook.got[0].valid);
  assert.deepEqual(ev.entry[0].messaging[0].read, { mid: r.body.message_id });
  assert.deepEqual(ev.entry[0].messaging[0].sender, { id: USER });
});

test('Messenger: /{page-id}/messages with messaging_type; delivery + read webhooks; echoes on request', async () => {
  await env.sim.control('PATCH', '/knobs', { echoes: true });
  const r = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, msg('Hello', { messaging_type: 'RESPONSE' }), 'PAGE-token');
  assert.equal(r.status, 200);
  assert.match(r.body.message_id, /^m_/);
  await env.hook.waitFor((g) => g.flatMap((x) => x.json.entry.flatMap((e: Json) => e.messaging)).length >= 3);
  const events = env.hook.got.flatMap((x) => x.json.entry.flatMap((e: Json) => e.messaging));
  assert.ok(env.hook.got.every((g) => g.json.object === 'page' && g.valid));
  const echo = events.find((e: Json) => e.message?.is_echo);
  assert.deepEqual(echo.sender, { id: PAGE });
  assert.equal(echo.message.text, 'Hello');
  const delivery = events.find((e: Json) => e.delivery);
  assert.deepEqual(delivery.delivery.mids, [r.body.message_id]);
  assert.equal(typeof delivery.delivery.watermark, 'number');
  assert.ok(events.find((e: Json) => e.read));
});

test('sender actions answer recipient_id only', async () => {
  const r = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, { recipient: { id: USER }, sender_action: 'typing_on' }, 'PAGE-token');
  assert.deepEqual(r.body, { recipient_id: USER });
});

test('validation and error codes: 100, 190, window (10 + platform subcode), 551, 613', async () => {
  const noRecipient = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, { message: { text: 'x' } }, 'PAGE-token');
  assert.equal(noRecipient.body.error.code, 100);
  const tooLong = await env.sim.post(`/graph/v23.0/${IG}/messages`, msg('é'.repeat(501)), 'IGQ-token');
  assert.match(tooLong.body.error.message, /1000 bytes/);
  const tagMissing = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, msg('x', { messaging_type: 'MESSAGE_TAG' }), 'PAGE-token');
  assert.equal(tagMissing.body.error.code, 100);
  const badToken = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, msg(), 'IGQ-token');
  assert.equal(badToken.body.error.code, 190);
  assert.equal(badToken.status, 401);

  await env.sim.control('PATCH', '/knobs', { enforceWindow: true });
  const ig = await env.sim.post(`/graph/v23.0/${IG}/messages`, msg(), 'IGQ-token');
  assert.deepEqual([ig.body.error.code, ig.body.error.error_subcode], [10, 2534022]);
  const page = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, msg(), 'PAGE-token');
  assert.deepEqual([page.body.error.code, page.body.error.error_subcode], [10, 2018278]);
  // An inbound message opens the window; HUMAN_AGENT would extend it to 7 days.
  await env.sim.control('POST', '/inbound', { channel: 'messenger', account_id: PAGE, from: USER, text: 'hi' });
  assert.equal((await env.sim.post(`/graph/v23.0/${PAGE}/messages`, msg(), 'PAGE-token')).status, 200);

  await env.sim.control('PATCH', '/knobs', { enforceWindow: false, undeliverable: [USER] });
  assert.equal((await env.sim.post(`/graph/v23.0/${PAGE}/messages`, msg(), 'PAGE-token')).body.error.code, 551);
  await env.sim.control('PATCH', '/knobs', { undeliverable: [], throughputLimit: 1 });
  const burst = await Promise.all([1, 2].map(() => env.sim.post(`/graph/v23.0/${PAGE}/messages`, msg(), 'PAGE-token')));
  assert.deepEqual(burst.map((r) => (r.status === 200 ? 200 : r.body.error.code)).sort(), [200, 613].sort());
});

test('unregistered account ids are 100/33 unless autoRegister', async () => {
  const r = await env.sim.post('/graph/v23.0/me/messages', msg(), 'unknown-token');
  assert.equal(r.body.error.code, 100);
  const auto = await startTestSandbox({ autoRegister: true, statusWebhooks: false, enforceMessagingWindow: false });
  try {
    const a = await auto.post('/graph/v23.0/me/messages', msg(), 'any-token');
    assert.equal(a.status, 200);
    const b = await auto.post('/graph/v23.0/me/messages', msg(), 'any-token');
    const log = await auto.control('GET', '/requests');
    assert.equal(log.entries[0].object_id, log.entries[1].object_id, 'same token -> same account');
    assert.equal(b.status, 200);
  } finally {
    await auto.close();
  }
});

test('attachments by URL and reply_to: accepted when well formed, 100 otherwise (as Meta)', async () => {
  const file = (attachment: unknown, extra: Record<string, unknown> = {}) => ({ recipient: { id: USER }, messaging_type: 'RESPONSE', message: { attachment }, ...extra });
  const ok = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, file({ type: 'file', payload: { url: 'https://cdn.example.com/menu.pdf', is_reusable: false } }, { reply_to: { mid: 'm_abc' } }), 'PAGE-token');
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const logged = (await env.sim.control('GET', `/requests?object_id=${PAGE}&limit=1`)).entries[0];
  assert.deepEqual(logged.body.reply_to, { mid: 'm_abc' });
  for (const [body, message] of [
    [file({ type: 'gif', payload: { url: 'https://cdn.example.com/a.gif' } }), /attachment'\]\['type'\] must be one of/],
    [file({ type: 'image', payload: {} }), /\['url'\] or .*attachment_id/],
    [file({ type: 'image', payload: { url: 'javascript:alert(1)' } }), /must be a valid URL/],
    [file({ type: 'image' }), /\['payload'\] is required/],
    [msg('hi', { reply_to: { id: 'x' } }), /reply_to\['mid'\] is required/],
  ] as const) {
    const r = await env.sim.post(`/graph/v23.0/${PAGE}/messages`, body, 'PAGE-token');
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 100);
    assert.match(r.body.error.message, message);
  }
});
