// Status webhooks over real HTTP into a receiver that verifies X-Hub-Signature-256: sent /
// delivered / read, v23 vs v24 shapes, batching, out-of-order, duplicates, retries.
import assert from 'node:assert/strict';
import { after, afterEach, test } from 'node:test';
import { PHONE, SECRET, sleep, startReceiver, startTestSandbox, text, WABA, type Json, type Receiver, type TestSandbox } from '../test-helpers.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
after(async () => {
  while (open.length) await open.pop()!.close();
});

async function setup(knobs: Record<string, unknown> = {}, respond?: (n: number) => number): Promise<{ sim: TestSandbox; hook: Receiver }> {
  const hook = await startReceiver(SECRET, respond);
  const sim = await startTestSandbox({
    webhookUrl: hook.url, appSecret: SECRET, statusDelaysMs: { sent: 0, delivered: 20, read: 40 }, batchIntervalMs: 5, ...knobs,
  });
  open.push(hook, sim);
  return { sim, hook };
}

test('sent, delivered, read arrive signed, in Meta\'s envelope, with v23 conversation + pricing', async () => {
  const { sim, hook } = await setup();
  const r = await sim.send(text('+44 7700 900123', 'hi', { biz_opaque_callback_data: 'ticket-4711' }));
  const wamid = r.body.messages[0].id;
  await hook.waitFor(() => hook.statuses().length >= 3);
  for (const g of hook.got) {
    assert.ok(g.valid, 'X-Hub-Signature-256 verifies with the app secret');
    assert.match(g.signature!, /^sha256=[0-9a-f]{64}$/);
  }
  const env = hook.got[0].json;
  assert.equal(env.object, 'whatsapp_business_account');
  assert.equal(env.entry[0].id, WABA);
  assert.equal(env.entry[0].time, undefined);
  assert.equal(env.entry[0].changes[0].field, 'messages');
  const value = env.entry[0].changes[0].value;
  assert.equal(value.messaging_product, 'whatsapp');
  assert.deepEqual(value.metadata, { display_phone_number: '15557654321', phone_number_id: PHONE });
  assert.equal(value.contacts, undefined);

  const [sent, delivered, read] = hook.statuses();
  assert.deepEqual(hook.statuses().map((s) => s.status), ['sent', 'delivered', 'read']);
  for (const s of [sent, delivered, read]) {
    assert.equal(s.id, wamid);
    assert.equal(s.recipient_id, '447700900123');
    assert.match(s.timestamp, /^\d{10}$/);
    assert.equal(s.biz_opaque_callback_data, 'ticket-4711');
  }
  assert.deepEqual(Object.keys(sent.conversation), ['id', 'expiration_timestamp', 'origin']);
  assert.equal(Number(sent.conversation.expiration_timestamp), Number(sent.timestamp) + 86_400);
  assert.deepEqual(sent.conversation.origin, { type: 'service' });
  assert.deepEqual(sent.pricing, { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
  assert.equal(delivered.conversation.expiration_timestamp, undefined);
  assert.ok(delivered.pricing);
  assert.equal(read.pricing, undefined);
  assert.equal(read.conversation, undefined);
});

test('v24+ sends omit conversation; template sends are billed by template category', async () => {
  const { sim, hook } = await setup({ acceptUnknownTemplates: false });
  await sim.control('POST', '/templates', { waba_id: WABA, name: 'promo', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale!' }] });
  const r = await sim.send({ messaging_product: 'whatsapp', to: '447700900123', type: 'template', template: { name: 'promo', language: { code: 'en_US' } } }, { version: 'v25.0' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await hook.waitFor(() => hook.statuses().length >= 3);
  const [sent] = hook.statuses();
  assert.equal(sent.conversation, undefined);
  assert.deepEqual(sent.pricing, { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' });
});

test('batching: many updates per POST, at most batchMax, grouped per number into one envelope', async () => {
  const { sim, hook } = await setup({ statusDelaysMs: { sent: 0, delivered: 0, read: 0 }, batchMax: 10, batchIntervalMs: 100 });
  await sim.control('POST', '/numbers', { phone_number_id: '2222', waba_id: WABA, access_token: 'EAAG-test-token' });
  await Promise.all(Array.from({ length: 12 }, (_, i) => sim.send(text(`44770090${String(i).padStart(4, '0')}`), { phone: i % 2 ? '2222' : PHONE })));
  await hook.waitFor(() => hook.statuses().length >= 36);
  // 36 updates at most 10 per POST: 4 when all land in one batch interval; a loaded machine may
  // spread the sends over two intervals, never back to one POST per update.
  assert.ok(hook.got.length >= 4 && hook.got.length <= 8, `${hook.got.length} POSTs`);
  for (const g of hook.got) {
    const n = g.json.entry.flatMap((e: Json) => e.changes).reduce((a: number, c: Json) => a + c.value.statuses.length, 0);
    assert.ok(n <= 10);
  }
  const first = hook.got[0].json;
  assert.equal(first.entry.length, 1);
  assert.deepEqual(first.entry[0].changes.map((c: Json) => c.value.metadata.phone_number_id).sort(), ['2222', PHONE].sort());
  const summary = (await sim.control('GET', '/webhooks')).summary;
  assert.equal(summary.posts, hook.got.length);
  assert.equal(summary.delivered, hook.got.length);
});

test('out of order: read before delivered before sent; event timestamps stay truthful', async () => {
  const { sim, hook } = await setup({ outOfOrder: 1, statusDelaysMs: { sent: 0, delivered: 1000, read: 2000 } });
  await sim.send(text('447700900123'));
  const flushed = await sim.control('POST', '/webhooks/flush', { all: true });
  assert.equal(flushed.posts, 1);
  const st = hook.statuses();
  assert.deepEqual(st.map((s) => s.status), ['read', 'delivered', 'sent']);
  assert.ok(Number(st[0].timestamp) >= Number(st[2].timestamp));
});

test('duplicates: every status arrives twice; readRate 0: no read; statusWebhooks false: nothing', async () => {
  const { sim, hook } = await setup({ duplicateRate: 1, readRate: 0 });
  const r = await sim.send(text('447700900123'));
  await sim.control('POST', '/webhooks/flush', { all: true });
  const st = hook.statuses();
  assert.deepEqual(st.map((s) => s.status).sort(), ['delivered', 'delivered', 'sent', 'sent']);
  assert.ok(st.every((s) => s.id === r.body.messages[0].id));

  hook.got.length = 0;
  await sim.control('PATCH', '/knobs', { statusWebhooks: false, duplicateRate: 0 });
  await sim.send(text('447700900123'));
  await sim.control('POST', '/webhooks/flush', { all: true });
  assert.equal(hook.got.length, 0);
});

test('retries on any non-200 (500, then 204) on the schedule, then delivered; each attempt logged', async () => {
  const { sim, hook } = await setup({ webhookRetryScheduleMs: [10, 30] }, (n) => (n === 0 ? 500 : n === 1 ? 204 : 200));
  await sim.control('PATCH', '/knobs', { readRate: 0, skipDeliveredRate: 0, statusDelaysMs: { sent: 0, delivered: 0, read: 0 } });
  await sim.send(text('447700900123'));
  await hook.waitFor((g) => g.length >= 3);
  assert.deepEqual(hook.got.map((g) => g.status), [500, 204, 200]);
  assert.equal(hook.got[0].raw.toString(), hook.got[2].raw.toString(), 'a retry resends the same bytes');
  assert.equal(hook.got[0].signature, hook.got[2].signature);
  await sleep(20);
  const log = await sim.control('GET', '/webhooks?include_body=1');
  const d = log.deliveries[0];
  assert.equal(d.state, 'delivered');
  assert.deepEqual(d.attempts.map((a: Json) => a.status), [500, 204, 200]);
  assert.equal(d.payload.object, 'whatsapp_business_account');
  assert.equal(log.summary.failed_attempts, 2);
});

test('a delivery is dropped once the retry age is exceeded; retry=true fires pending retries now', async () => {
  const { sim, hook } = await setup({ webhookRetryScheduleMs: [60_000], webhookRetryMaxAgeMs: 120_000, readRate: 0 }, () => 503);
  await sim.control('PATCH', '/knobs', { statusDelaysMs: { sent: 0, delivered: 0, read: 0 } });
  await sim.send(text('447700900123'));
  await hook.waitFor((g) => g.length >= 1);
  await sleep(20);
  let log = await sim.control('GET', '/webhooks');
  assert.equal(log.deliveries[0].state, 'retry_scheduled');
  assert.ok(log.deliveries[0].next_attempt_at);
  const flushed = await sim.control('POST', '/webhooks/flush', { retry: true });
  assert.equal(flushed.retried, 1);
  assert.equal(hook.got.length, 2);
  await sim.control('PATCH', '/knobs', { webhookRetryMaxAgeMs: 1 });
  await sim.control('POST', '/webhooks/flush', { retry: true });
  log = await sim.control('GET', '/webhooks');
  assert.equal(log.deliveries[0].state, 'dropped');
  assert.equal(log.summary.dropped, 1);
});

test('an unreachable webhook URL counts as a failed attempt', async () => {
  const { sim } = await setup({ webhookUrl: 'http://127.0.0.1:1/nothing', webhookRetryScheduleMs: [], readRate: 0 });
  await sim.send(text('447700900123'));
  await sim.control('POST', '/webhooks/flush', { all: true });
  const log = await sim.control('GET', '/webhooks');
  assert.equal(log.deliveries[0].state, 'dropped');
  assert.equal(log.deliveries[0].attempts[0].status, null);
  assert.match(log.deliveries[0].attempts[0].error, /ECONNREFUSED|connect/);
});
