// Instagram / Messenger accounts as the app uses them: the Test connection GET (token checked like
// a send, username for Instagram), the 24 h window that always holds on these platforms (a user
// who never wrote gets the window error), 551 / 613 / 190 / 100, and queued send faults.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { PHONE, startTestSandbox, text, type Json, type TestSandbox } from '../test-helpers.ts';

const IG = '17841400000000001';
const PAGE = '106000000000001';
const USER = '6543210987654321';
const HOUR = 3_600_000;
let sim: TestSandbox;
before(async () => {
  sim = await startTestSandbox({
    statusWebhooks: false,
    accounts: [
      { id: IG, platform: 'instagram', name: 'Lucky Parcel Shop', access_tokens: ['IGQ-token'] },
      { id: PAGE, platform: 'messenger', name: 'Lucky Parcel', access_tokens: ['PAGE-token'] },
    ],
  });
});
after(() => sim.close());
beforeEach(() => sim.control('POST', '/reset'));

const reply = (textBody = 'Thanks, on its way!', extra: Record<string, unknown> = {}) => ({ recipient: { id: USER }, messaging_type: 'RESPONSE', message: { text: textBody }, ...extra });
const humanAgent = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
const sendIg = (body: unknown, token = 'IGQ-token') => sim.post(`/graph/v23.0/${IG}/messages`, body, token);
const sendPage = (body: unknown, token = 'PAGE-token') => sim.post(`/graph/v23.0/${PAGE}/messages`, body, token);
const codes = (r: { status: number; body: Json }) => (r.status === 200 ? 200 : [r.body.error.code, r.body.error.error_subcode ?? null]);
const inbound = (channel: 'instagram' | 'messenger', body: Record<string, unknown> = {}) =>
  sim.control('POST', '/inbound', { channel, account_id: channel === 'instagram' ? IG : PAGE, from: USER, text: 'hi', ...body });
const controlRaw = (path: string, body: unknown) => fetch(`${sim.url}/control${path}`, { method: 'POST', body: JSON.stringify(body) });

test('Test connection: GET /{ig-user-id}?fields=id,username,name and /{page-id}?fields=id,name', async () => {
  const ig = await sim.get(`/graph/v23.0/${IG}?fields=id,username,name`, 'IGQ-token');
  assert.equal(ig.status, 200);
  assert.deepEqual(ig.body, { username: 'luckyparcelshop', name: 'Lucky Parcel Shop', id: IG });
  const page = await sim.get(`/graph/v23.0/${PAGE}?fields=id,name`, 'PAGE-token');
  assert.deepEqual(page.body, { name: 'Lucky Parcel', id: PAGE });
  // Defaults without fields; a Page has no username unless registered with one.
  assert.deepEqual((await sim.get(`/graph/v23.0/${PAGE}`, 'PAGE-token')).body, { name: 'Lucky Parcel', id: PAGE });
  assert.deepEqual((await sim.get(`/graph/v23.0/${PAGE}?fields=username,name`, 'PAGE-token')).body, { name: 'Lucky Parcel', id: PAGE });
  const unknownField = await sim.get(`/graph/v23.0/${IG}?fields=id,biography_x`, 'IGQ-token');
  assert.deepEqual([unknownField.status, unknownField.body.error.code], [400, 100]);
  assert.match(unknownField.body.error.message, /nonexisting field \(biography_x\) on node type \(IGUser\)/);

  // A registered username wins over the derived one.
  const acct = await sim.control('POST', '/accounts', { id: '17841400000000002', platform: 'instagram', name: 'Other Shop', username: 'other.shop_', access_token: 'IGQ-2' });
  assert.equal(acct.username, 'other.shop_');
  assert.equal((await sim.get('/graph/v23.0/17841400000000002?fields=id,username,name', 'IGQ-2')).body.username, 'other.shop_');
  const listed = (await sim.control('GET', '/numbers')).accounts.find((a: Json) => a.id === '17841400000000002');
  assert.equal(listed.username, 'other.shop_');
});

test('Test connection checks the token like the Send API: unknown, missing, another account\'s, expired', async () => {
  for (const token of ['nope', null, 'PAGE-token']) {
    const r = await sim.get(`/graph/v23.0/${IG}?fields=id,username,name`, token);
    assert.equal(r.status, 401, String(token));
    assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'fbtrace_id', 'message', 'type']);
    assert.deepEqual([r.body.error.code, r.body.error.type], [190, 'OAuthException']);
  }
  await sim.control('PATCH', '/knobs', { expiredTokens: ['PAGE-token'] });
  const expired = await sim.get(`/graph/v23.0/${PAGE}?fields=id,name`, 'PAGE-token');
  assert.deepEqual([expired.status, expired.body.error.code, expired.body.error.error_subcode], [401, 190, 463]);
  assert.deepEqual(codes(await sendPage(reply())), [190, 463], 'the same token fails sends the same way');
  // The per-account override works too (numbers: {<page-id>: ...}).
  await sim.control('PATCH', '/knobs', { expiredTokens: [], numbers: { [IG]: { expiredTokens: ['IGQ-token'] } } });
  assert.equal((await sim.get(`/graph/v23.0/${IG}?fields=id`, 'IGQ-token')).body.error.error_subcode, 463);
  assert.equal((await sim.get(`/graph/v23.0/${PAGE}?fields=id`, 'PAGE-token')).status, 200);
});

test('window: a user who never wrote cannot be messaged (10 + platform subcode, even with HUMAN_AGENT)', async () => {
  const ig = await sendIg(reply());
  assert.equal(ig.status, 400);
  assert.deepEqual(ig.body.error, { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2534022, fbtrace_id: ig.body.error.fbtrace_id });
  assert.deepEqual(codes(await sendPage(reply())), [10, 2018278]);
  assert.deepEqual(codes(await sendPage(reply('x', humanAgent))), [10, 2018278]);
  await inbound('instagram');
  await inbound('messenger');
  assert.equal((await sendIg(reply())).status, 200);
  assert.equal((await sendPage(reply())).status, 200);
  assert.equal((await sendIg({ recipient: { id: USER }, message: { text: 'no messaging_type, as IG allows' } })).status, 200);
});

test('window: 24 h from the last inbound event that opens it; HUMAN_AGENT stretches it to 7 days', async () => {
  await inbound('messenger', { timestamp: Date.now() - 25 * HOUR });
  assert.deepEqual(codes(await sendPage(reply())), [10, 2018278]);
  assert.equal((await sendPage(reply('A colleague will follow up', humanAgent))).status, 200);
  assert.deepEqual(codes(await sendIg(reply('x', { tag: 'HUMAN_AGENT' }))), [10, 2534022], 'the IG account has its own window');
  // Reads, deliveries and edits do not reopen it; a reaction or a postback does.
  await inbound('messenger', { type: 'read' });
  await inbound('messenger', { type: 'delivery' });
  assert.deepEqual(codes(await sendPage(reply())), [10, 2018278]);
  await inbound('messenger', { type: 'postback' });
  assert.equal((await sendPage(reply())).status, 200);

  await inbound('instagram', { timestamp: Date.now() - 8 * 24 * HOUR });
  assert.deepEqual(codes(await sendIg(reply('x', humanAgent))), [10, 2534022]);
  await inbound('instagram', { type: 'message_edit' });
  assert.deepEqual(codes(await sendIg(reply())), [10, 2534022]);
  await inbound('instagram', { type: 'reaction' });
  assert.equal((await sendIg(reply())).status, 200);

  // Off for benchmarks: enforceMessagingWindow false leaves it to enforceWindow, like WhatsApp.
  await sim.control('PATCH', '/knobs', { enforceMessagingWindow: false });
  assert.equal((await sendPage({ recipient: { id: 'never-wrote' }, message: { text: 'hi' } })).status, 200);
  await sim.control('PATCH', '/knobs', { enforceWindow: true });
  assert.deepEqual(codes(await sendPage({ recipient: { id: 'never-wrote' }, message: { text: 'hi' } })), [10, 2018278]);
});

test('551 (before the window), 613, and the text limits: 1000 UTF-8 bytes on IG, 2000 characters on Messenger', async () => {
  await sim.control('PATCH', '/knobs', { undeliverable: [USER] });
  assert.deepEqual(codes(await sendIg(reply())), [551, 1545041], 'unreachable even without a window');
  await sim.control('PATCH', '/knobs', { undeliverable: [], throughputLimit: 1 });
  await inbound('instagram');
  await inbound('messenger');
  const burst = await Promise.all([1, 2].map(() => sendPage(reply())));
  assert.deepEqual(burst.map((r) => (r.status === 200 ? 200 : r.body.error.code)).sort(), [200, 613]);
  await sim.control('PATCH', '/knobs', { throughputLimit: null });

  assert.equal((await sendIg(reply('é'.repeat(500)))).status, 200);
  const igLong = await sendIg(reply('é'.repeat(500) + 'x'));
  assert.deepEqual([igLong.status, igLong.body.error.code], [400, 100]);
  assert.equal((await sendPage(reply('🙂'.repeat(2000)))).status, 200, 'an emoji is one character');
  const pageLong = await sendPage(reply('a'.repeat(2001)));
  assert.deepEqual([pageLong.status, pageLong.body.error.code], [400, 100]);
  assert.match(pageLong.body.error.message, /2000 characters/);
});

test('send faults for an account: the next N message sends fail with the chosen error, then sends work', async () => {
  await inbound('instagram');
  await inbound('messenger');
  const queued = await sim.control('POST', '/send-faults', { account_id: IG, count: 2, error: 'window' });
  assert.deepEqual(queued.faults[IG], { remaining: 2, error: 'window' });
  // A sender action does not use up the fault.
  assert.equal((await sendIg({ recipient: { id: USER }, sender_action: 'typing_on' })).status, 200);
  assert.deepEqual(codes(await sendIg(reply())), [10, 2534022]);
  assert.deepEqual(codes(await sendIg(reply())), [10, 2534022]);
  assert.equal((await sendIg(reply())).status, 200);
  const log = await sim.control('GET', `/requests?object_id=${IG}&outcome=rejected`);
  assert.equal(log.entries[0].channel, 'instagram');

  const cases: Array<[string, number, number, number | null]> = [
    ['server', 500, 1, null], ['unavailable', 503, 2, null], ['rate_limit', 400, 613, null], ['throughput', 400, 613, null],
    ['window', 400, 10, 2018278], ['reengagement', 400, 10, 2018278], ['token', 401, 190, 463], ['person_unavailable', 400, 551, 1545041],
  ];
  for (const [error, status, code, subcode] of cases) {
    await sim.control('POST', '/send-faults', { account_id: PAGE, count: 1, error });
    const r = await sendPage(reply());
    assert.deepEqual([r.status, r.body.error.code, r.body.error.error_subcode ?? null], [status, code, subcode], error);
  }
  assert.deepEqual((await sim.control('GET', '/send-faults')).faults, {});
  await sim.control('POST', '/send-faults', { account_id: PAGE, count: 5 });
  assert.deepEqual((await sim.control('GET', '/send-faults')).faults[PAGE], { remaining: 5, error: 'server' });
  await sim.control('POST', '/send-faults', { account_id: PAGE, count: 0 });
  assert.equal((await sendPage(reply())).status, 200);
});

test('send faults: names are checked against the kind of id; WhatsApp gains token and the aliases', async () => {
  for (const body of [
    { account_id: IG, count: 1, error: 'pair_rate' },
    { phone_number_id: PHONE, count: 1, error: 'person_unavailable' },
    { phone_number_id: PHONE, account_id: IG, count: 1 },
    { count: 1 },
  ]) {
    const r = await controlRaw('/send-faults', body);
    assert.equal(r.status, 400, JSON.stringify(body));
  }
  await sim.control('POST', '/send-faults', { phone_number_id: PHONE, count: 1, error: 'token' });
  assert.deepEqual(codes(await sim.send(text('447700900123'))), [190, 463]);
  await sim.control('POST', '/send-faults', { phone_number_id: PHONE, count: 1, error: 'window' });
  assert.equal((await sim.send(text('447700900123'))).body.error.code, 131047);
  await sim.control('POST', '/send-faults', { phone_number_id: PHONE, count: 1, error: 'rate_limit' });
  assert.equal((await sim.send(text('447700900123'))).body.error.code, 130429);
});
