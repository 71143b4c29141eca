// Every behaviour knob over real HTTP: throughput (130429, sliding second), latency, 5xx rate,
// timeouts, pair rate limit (131056), service window (131047 sync/async), undeliverable
// (131026 async), per-number overrides and PATCH validation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, SECRET, sleep, simulatorWithReceiver, text, type Json } from './test-helpers.ts';

const env = simulatorWithReceiver((url) => ({ webhookUrl: url, appSecret: SECRET, statusDelaysMs: { sent: 0, delivered: 0, read: 0 }, batchIntervalMs: 5 }));

const codes = (rs: Array<{ status: number; body: Json }>) => rs.map((r) => (r.status === 200 ? 200 : r.body.error.code));

test('throughputLimit: 130429 (HTTP 400, Meta body) above N in a sliding second', async () => {
  await env.sim.control('PATCH', '/knobs', { throughputLimit: 5 });
  const t0 = Date.now();
  const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => env.sim.send(text(`4477009001${i}0`))));
  const t1 = Date.now();
  assert.deepEqual(codes(burst).sort(), [200, 200, 200, 200, 200, 130429, 130429, 130429].sort());
  const rejected = burst.find((r) => r.status !== 200)!;
  assert.equal(rejected.status, 400);
  assert.deepEqual({ ...rejected.body.error, fbtrace_id: 'x' }, {
    message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_subcode: 2494055,
    error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' }, fbtrace_id: 'x',
  });
  // Still inside the same sliding second: rejected, whatever the calendar second.
  if (Date.now() - t0 < 800) assert.equal((await env.sim.send(text('447700900999'))).body.error.code, 130429);
  // Every accepted send happened before the burst's answers arrived (t1): a second later all have left the window.
  await sleep(Math.max(0, 1050 - (Date.now() - t1)));
  const later = await Promise.all(Array.from({ length: 6 }, () => env.sim.send(text('447700900998'))));
  assert.equal(codes(later).filter((c) => c === 200).length, 5);
  // Other numbers have their own window.
  await env.sim.control('POST', '/numbers', { phone_number_id: '2222', access_token: 'EAAG-test-token' });
  assert.equal((await env.sim.send(text('447700900997'), { phone: '2222' })).status, 200);
});

test('per-number override beats the global knob', async () => {
  await env.sim.control('POST', '/numbers', { phone_number_id: '2222', access_token: 'EAAG-test-token' });
  const k = await env.sim.control('PATCH', '/knobs', { throughputLimit: 100, numbers: { '2222': { throughputLimit: 1 } } });
  assert.equal(k.global.throughputLimit, 100);
  assert.deepEqual(k.numbers, { '2222': { throughputLimit: 1 } });
  const a = await Promise.all([1, 2, 3].map(() => env.sim.send(text('447700900123'), { phone: '2222' })));
  assert.deepEqual(codes(a).sort(), [200, 130429, 130429].sort());
  const b = await Promise.all([1, 2, 3].map(() => env.sim.send(text('447700900123'))));
  assert.deepEqual(codes(b), [200, 200, 200]);
  const cleared = await env.sim.control('PATCH', '/knobs', { numbers: { '2222': null } });
  assert.deepEqual(cleared.numbers, {});
});

test('latency: fixed delay is applied to answers', async () => {
  await env.sim.control('PATCH', '/knobs', { latency: { fixedMs: 120 }, statusWebhooks: false });
  const t0 = performance.now();
  const r = await env.sim.send(text('447700900123'));
  const took = performance.now() - t0;
  assert.equal(r.status, 200);
  assert.ok(took >= 115, `took ${took}`);
  // A patched latency replaces the fixed one: against a 5 s delay, even a loaded machine tells them apart.
  await env.sim.control('PATCH', '/knobs', { latency: { fixedMs: 5_000 } });
  await env.sim.control('PATCH', '/knobs', { latency: { minMs: 0, maxMs: 5 } });
  const t1 = performance.now();
  await env.sim.send(text('447700900123'));
  assert.ok(performance.now() - t1 < 4_000);
});

test('errorRate5xx: transient 5xx errors, not accepted, no webhooks', async () => {
  await env.sim.control('PATCH', '/knobs', { errorRate5xx: 1 });
  const rs = await Promise.all(Array.from({ length: 10 }, () => env.sim.send(text('447700900123'))));
  for (const r of rs) {
    assert.ok(r.status === 500 || r.status === 503, String(r.status));
    assert.ok([131000, 131016].includes(r.body.error.code));
    assert.equal(r.body.error.is_transient, true);
  }
  const log = await env.sim.control('GET', '/requests');
  assert.deepEqual(log.counts['447700900123'], { requests: 10, accepted: 0 });
  assert.equal(log.entries[0].outcome, 'fault');
  await env.sim.control('PATCH', '/knobs', { errorRate5xx: 0.5 });
  const mixed = await Promise.all(Array.from({ length: 40 }, () => env.sim.send(text('447700900123'))));
  const fives = mixed.filter((r) => r.status >= 500).length;
  assert.ok(fives > 5 && fives < 35, `5xx ${fives}/40`);
  await env.sim.control('POST', '/webhooks/flush', { all: true });
  assert.equal(env.hook.statuses().length, (40 - fives) * 3);
});

test('timeoutRate: the call hangs until the client gives up; the message was still accepted', async () => {
  await env.sim.control('PATCH', '/knobs', { timeoutRate: 1, maxHangMs: 60_000 });
  const t0 = performance.now();
  await assert.rejects(fetch(`${env.sim.url}/graph/v23.0/${PHONE}/messages`, {
    method: 'POST', headers: { authorization: 'Bearer EAAG-test-token', 'content-type': 'application/json' }, body: JSON.stringify(text('447700900123')),
    signal: AbortSignal.timeout(200),
  }), /TimeoutError|aborted/);
  assert.ok(performance.now() - t0 >= 190);
  const log = await env.sim.control('GET', '/requests');
  assert.equal(log.entries[0].outcome, 'timeout');
  assert.match(log.entries[0].message_id, /^wamid\./);
  assert.deepEqual(log.counts['447700900123'], { requests: 1, accepted: 1 });
  // maxHangMs: the simulator ends the socket itself.
  await env.sim.control('PATCH', '/knobs', { maxHangMs: 100 });
  await assert.rejects(env.sim.send(text('447700900123')), /fetch failed|socket|other side closed/i);
  assert.equal(env.sim.sandbox.state.open.size, 0);
});

test('pairRateLimit: 131056 for the same recipient only', async () => {
  await env.sim.control('PATCH', '/knobs', { pairRateLimit: { max: 3, windowMs: 6000 }, statusWebhooks: false });
  const same = [];
  for (let i = 0; i < 5; i++) same.push(await env.sim.send(text('447700900123')));
  assert.deepEqual(codes(same), [200, 200, 200, 131056, 131056]);
  const err = same[3].body.error;
  assert.equal(err.message, '(#131056) (Business Account, Consumer Account) pair rate limit hit');
  assert.equal(err.error_data.details, 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.');
  assert.equal(same[3].status, 400);
  assert.equal((await env.sim.send(text('447700900124'))).status, 200);
});

test('undeliverable: accepted, then an async failed status with 131026', async () => {
  await env.sim.control('PATCH', '/knobs', { undeliverable: ['+44 7700 900666'] });
  const r = await env.sim.send(text('447700900666'));
  assert.equal(r.status, 200);
  await env.hook.waitFor(() => env.hook.statuses().length >= 1);
  await sleep(30);
  const statuses = env.hook.statuses();
  assert.equal(statuses.length, 1);
  assert.equal(statuses[0].status, 'failed');
  assert.equal(statuses[0].id, r.body.messages[0].id);
  assert.deepEqual(statuses[0].errors, [{
    code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' },
    href: '/documentation/business-messaging/whatsapp/support/error-codes',
  }]);
});

test('service window: outsideWindow and enforceWindow give 131047 on free-form, never on templates', async () => {
  await env.sim.control('PATCH', '/knobs', { outsideWindow: ['447700900500'], acceptUnknownTemplates: true, statusWebhooks: false });
  const tpl = { messaging_product: 'whatsapp', to: '447700900500', type: 'template', template: { name: 'x', language: { code: 'en_US' } } };
  const r = await env.sim.send(text('447700900500'));
  assert.equal(r.body.error.code, 131047);
  assert.equal(r.body.error.message, '(#131047) Re-engagement message');
  assert.equal((await env.sim.send(tpl)).status, 200);

  await env.sim.control('PATCH', '/knobs', { outsideWindow: [], enforceWindow: true, windowMs: 300 });
  assert.equal((await env.sim.send(text('447700900501'))).body.error.code, 131047);
  await env.sim.control('POST', '/inbound', { phone_number_id: PHONE, from: '447700900501', text: 'hi' });
  assert.equal((await env.sim.send(text('447700900501'))).status, 200);
  await sleep(320);
  assert.equal((await env.sim.send(text('447700900501'))).body.error.code, 131047, 'window closed again after windowMs');
  await env.sim.control('PATCH', '/knobs', { windowMs: 86_400_000 });
  await env.sim.control('POST', '/inbound', { phone_number_id: PHONE, from: '447700900502', timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 });
  assert.equal((await env.sim.send(text('447700900502'))).body.error.code, 131047, 'a 25-hour-old message does not open the window');
  await env.sim.control('POST', '/inbound', { phone_number_id: PHONE, from: '447700900502', timestamp: Math.floor(Date.now() / 1000) - 23 * 3600 });
  assert.equal((await env.sim.send(text('447700900502'))).status, 200);
});

test('service window, async mode: accepted, then failed status 131047', async () => {
  await env.sim.control('PATCH', '/knobs', { enforceWindow: true, windowErrorMode: 'async' });
  const r = await env.sim.send(text('447700900502'));
  assert.equal(r.status, 200);
  await env.hook.waitFor(() => env.hook.statuses().length >= 1);
  assert.equal(env.hook.statuses()[0].status, 'failed');
  assert.equal(env.hook.statuses()[0].errors[0].code, 131047);
});

test('PATCH /control/knobs validates and merges; GET shows the result', async () => {
  const bad = await fetch(`${env.sim.url}/control/knobs`, { method: 'PATCH', body: JSON.stringify({ readRate: 2, bogus: 1 }) });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as Json).error.message, /readRate|bogus/);
  const badLatency = await fetch(`${env.sim.url}/control/knobs`, { method: 'PATCH', body: JSON.stringify({ latency: { meanMs: 10, p99Ms: 5 } }) });
  assert.equal(badLatency.status, 400);
  await env.sim.control('PATCH', '/knobs', { global: { statusDelaysMs: { read: 77 } }, readRate: 0.5 });
  const k = await env.sim.control('GET', '/knobs');
  assert.deepEqual(k.global.statusDelaysMs, { sent: 0, delivered: 0, read: 77 });
  assert.equal(k.global.readRate, 0.5);
  await env.sim.control('POST', '/reset');
  assert.equal((await env.sim.control('GET', '/knobs')).global.readRate, 1);
});
