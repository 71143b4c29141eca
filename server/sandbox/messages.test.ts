// POST /{phone-number-id}/messages over real HTTP: success shape, Meta's error shape, auth,
// unknown ids, template checks against the store, and the request log.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { PHONE, startTestSandbox, text, TOKEN, WABA, type TestSandbox } from './test-helpers.ts';

let sim: TestSandbox;
before(async () => {
  sim = await startTestSandbox({ statusWebhooks: false });
});
after(() => sim.close());
beforeEach(() => sim.control('POST', '/reset'));

const WAMID = /^wamid\.[A-Za-z0-9+/]+=*$/;

test('text send answers Meta\'s success shape with a wamid that encodes the recipient', async () => {
  const r = await sim.send(text('+44 7700-900123', 'Your parcel left the depot.'));
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body), ['messaging_product', 'contacts', 'messages']);
  assert.equal(r.body.messaging_product, 'whatsapp');
  assert.deepEqual(r.body.contacts, [{ input: '+44 7700-900123', wa_id: '447700900123' }]);
  assert.equal(r.body.messages.length, 1);
  assert.match(r.body.messages[0].id, WAMID);
  assert.equal(r.body.messages[0].message_status, undefined); // only template sends carry it
  assert.ok(Buffer.from(r.body.messages[0].id.slice(6), 'base64').includes('447700900123'));
  const again = await sim.send(text('447700900123'));
  assert.notEqual(again.body.messages[0].id, r.body.messages[0].id);
});

test('bad bodies answer Meta\'s error shape (HTTP 400, code 100, fbtrace_id)', async () => {
  const r = await sim.send({ messaging_product: 'whatsapp', to: '447700900123', type: 'text', text: {} });
  assert.equal(r.status, 400);
  assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'fbtrace_id', 'message', 'type']);
  assert.equal(r.body.error.code, 100);
  assert.equal(r.body.error.type, 'OAuthException');
  assert.equal(r.body.error.message, "(#100) The parameter text['body'] is required.");
  assert.match(r.body.error.fbtrace_id, /^[A-Za-z0-9]{27}$/);
  const notJson = await sim.send('{"messaging_product": "whatsapp", ');
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.code, 100);
  const media = await sim.send({ messaging_product: 'whatsapp', to: '447700900123', type: 'image', image: {} });
  assert.deepEqual(media.body.error.error_data, { messaging_product: 'whatsapp', details: "Param image must have either an 'id' or a 'link'." });
});

test('tokens: missing or foreign -> 190 (401); expired -> 190/463', async () => {
  for (const token of [null, 'someone-elses-token']) {
    const r = await sim.send(text('447700900123'), { token });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 190);
    assert.equal(r.body.error.type, 'OAuthException');
  }
  await sim.control('PATCH', '/knobs', { expiredTokens: [TOKEN] });
  const r = await sim.send(text('447700900123'));
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 190);
  assert.equal(r.body.error.error_subcode, 463);
  assert.match(r.body.error.message, /^Error validating access token: Session has expired on .*\. The current time is .*\.$/);
});

test('unknown phone number id -> 100/33 GraphMethodException; autoRegister accepts any id', async () => {
  const r = await sim.send(text('447700900123'), { phone: '999' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 100);
  assert.equal(r.body.error.error_subcode, 33);
  assert.equal(r.body.error.type, 'GraphMethodException');
  assert.match(r.body.error.message, /^Unsupported post request\. Object with ID '999' does not exist/);
  const auto = await startTestSandbox({ autoRegister: true, statusWebhooks: false });
  try {
    assert.equal((await auto.send(text('447700900123'), { phone: '123456', token: 'anything' })).status, 200);
    assert.equal((await auto.send(text('447700900123'), { phone: '123456', token: '' })).status, 401);
  } finally {
    await auto.close();
  }
});

test('the version segment is required; unknown edges are 2500', async () => {
  const r = await sim.post(`/graph/${PHONE}/messages`, text('447700900123'));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 2500);
  const e = await sim.get(`/graph/v23.0/${PHONE}/frobnicate`);
  assert.equal(e.body.error.code, 2500);
});

const TEMPLATE = {
  name: 'order_shipped_v2',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://scontent.whatsapp.net/v/t61/sample.jpg'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order of {{2}} ships on {{3}}.' },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://track.example.org/{{1}}' }, { type: 'QUICK_REPLY', text: 'Stop promotions' }] },
  ],
};
const templateSend = (components: unknown[], name = 'order_shipped_v2') => ({
  messaging_product: 'whatsapp', recipient_type: 'individual', to: '+447700900123', type: 'template',
  template: { name, language: { code: 'en_US' }, components },
});
const FULL = [
  { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.org/parcel.jpg' } }] },
  { type: 'body', parameters: [
    { type: 'text', text: 'Ada' },
    { type: 'currency', currency: { fallback_value: '£12.50', code: 'GBP', amount_1000: 12500 } },
    { type: 'date_time', date_time: { fallback_value: '2 January 2026' } },
  ] },
  { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ORD-4711' }] },
  { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP_PROMOS' }] },
];

test('template send with header media, body and button parameters; 132xxx errors', async () => {
  const { templates } = await sim.control('POST', '/templates', { waba_id: WABA, ...TEMPLATE });
  const ok = await sim.send(templateSend(FULL));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.messages[0].message_status, 'accepted');

  const unknown = await sim.send(templateSend(FULL, 'nope'));
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.code, 132001);
  assert.equal(unknown.body.error.error_data.messaging_product, 'whatsapp');

  const noHeader = await sim.send(templateSend(FULL.slice(1)));
  assert.equal(noHeader.body.error.code, 132012);
  assert.equal(noHeader.body.error.error_data.details, 'header: Format mismatch, expected IMAGE, received UNKNOWN');

  const short = await sim.send(templateSend([FULL[0], { type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }, FULL[2]]));
  assert.equal(short.body.error.code, 132000);

  await sim.control('PATCH', `/templates/${templates[0].id}`, { status: 'PAUSED' });
  assert.equal((await sim.send(templateSend(FULL))).body.error.code, 132015);
  await sim.control('PATCH', `/templates/${templates[0].id}`, { status: 'PENDING' });
  assert.equal((await sim.send(templateSend(FULL))).body.error.code, 132001);

  await sim.control('PATCH', '/knobs', { acceptUnknownTemplates: true });
  assert.equal((await sim.send(templateSend(FULL, 'nope'))).status, 200);
});

test('request log: counts per recipient always, bodies of recent requests, filters', async () => {
  await sim.send(text('+44 7700 900123', 'one'));
  await sim.send(text('447700900123', 'two'));
  await sim.send({ messaging_product: 'whatsapp', to: '447700900123', text: {} });
  await sim.send(text('15550001111', 'other'));
  await sim.get(`/graph/v23.0/${PHONE}`);

  const all = await sim.control('GET', '/requests');
  assert.equal(all.total_requests, 5);
  assert.deepEqual(all.counts, { '447700900123': { requests: 3, accepted: 2 }, '15550001111': { requests: 1, accepted: 1 } });

  const one = await sim.control('GET', `/requests?recipient=${encodeURIComponent('+44 7700 900123')}&phone_number_id=${PHONE}`);
  assert.deepEqual(one.counts, { '447700900123': { requests: 3, accepted: 2 } });
  assert.equal(one.matched, 3);
  assert.deepEqual(one.entries.map((e: { body: { text: { body?: string } } }) => e.body.text.body), ['one', 'two', undefined]);
  const [first, , bad] = one.entries;
  assert.equal(first.outcome, 'accepted');
  assert.equal(first.channel, 'whatsapp');
  assert.match(first.message_id, WAMID);
  assert.equal(first.path, `/graph/v23.0/${PHONE}/messages`);
  assert.equal(bad.outcome, 'rejected');
  assert.equal(bad.error_code, 100);
  assert.equal(bad.status, 400);

  const last = await sim.control('GET', '/requests?limit=1');
  assert.equal(last.entries.length, 1);
  assert.equal(last.entries[0].method, 'GET');
});

test('the ring buffer bounds bodies but counts keep growing', async () => {
  const small = await startTestSandbox({ statusWebhooks: false, requestLogSize: 3 });
  try {
    for (let i = 0; i < 10; i++) await small.send(text('447700900123', `m${i}`));
    const r = await small.control('GET', '/requests?limit=100');
    assert.equal(r.entries.length, 3);
    assert.deepEqual(r.entries.map((e: { body: { text: { body: string } } }) => e.body.text.body), ['m7', 'm8', 'm9']);
    assert.deepEqual(r.counts['447700900123'], { requests: 10, accepted: 10 });
  } finally {
    await small.close();
  }
});
