import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messagingEnvelope, statusObject, waEnvelope, type WaItem } from './payloads.ts';

const st = (numberId: string, wabaId: string, id: string): WaItem => ({ kind: 'status', numberId, wabaId, display: '15557654321', data: { id, status: 'sent' } });

test('entries per WABA, one messages change per number, template changes carry entry.time', () => {
  const env = waEnvelope([
    st('n1', 'W1', 'a'), st('n2', 'W1', 'b'), st('n1', 'W1', 'c'), st('n3', 'W2', 'd'),
    { kind: 'message', numberId: 'n1', wabaId: 'W1', display: '15557654321', data: { id: 'm1' }, contact: { profile: { name: 'A' }, wa_id: '44' } },
    { kind: 'message', numberId: 'n1', wabaId: 'W1', display: '15557654321', data: { id: 'm2' }, contact: { profile: { name: 'A' }, wa_id: '44' } },
    { kind: 'change', wabaId: 'W2', field: 'message_template_status_update', value: { event: 'APPROVED' } },
  ], 1767226300) as { object: string; entry: Array<{ id: string; time?: number; changes: Array<{ field: string; value: Record<string, unknown> }> }> };
  assert.equal(env.object, 'whatsapp_business_account');
  assert.deepEqual(env.entry.map((e) => e.id), ['W1', 'W2']);
  const [w1, w2] = env.entry;
  assert.equal(w1.time, undefined); // messages-field entries carry no time (Meta's examples)
  assert.equal(w2.time, 1767226300);
  assert.deepEqual(w1.changes.map((c) => (c.value.metadata as { phone_number_id: string }).phone_number_id), ['n1', 'n2']);
  const v1 = w1.changes[0].value;
  assert.deepEqual((v1.statuses as Array<{ id: string }>).map((s) => s.id), ['a', 'c']);
  assert.deepEqual((v1.messages as Array<{ id: string }>).map((s) => s.id), ['m1', 'm2']);
  assert.equal((v1.contacts as unknown[]).length, 1);
  assert.deepEqual(v1.metadata, { display_phone_number: '15557654321', phone_number_id: 'n1' });
  assert.deepEqual(w2.changes.map((c) => c.field), ['messages', 'message_template_status_update']);
});

test('status object: strings for timestamps, v23 conversation, PMP pricing, opaque data', () => {
  const s = statusObject({
    wamid: 'wamid.X', status: 'sent', timestampSec: 1767226080, recipientId: '447700900123', bizOpaque: 'ticket-4711',
    billing: { category: 'utility', type: 'regular', conversation: { id: 'c1', originType: 'utility', expirationSec: 1767312480 } }, errors: null,
  });
  assert.deepEqual(s, {
    id: 'wamid.X', status: 'sent', timestamp: '1767226080', recipient_id: '447700900123', biz_opaque_callback_data: 'ticket-4711',
    conversation: { id: 'c1', expiration_timestamp: '1767312480', origin: { type: 'utility' } },
    pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
  });
});

test('messaging envelope groups events per account', () => {
  const env = messagingEnvelope('page', [
    { kind: 'messaging', object: 'page', entryId: 'P1', event: { a: 1 } },
    { kind: 'messaging', object: 'page', entryId: 'P2', event: { b: 1 } },
    { kind: 'messaging', object: 'page', entryId: 'P1', event: { c: 1 } },
  ], 1767226500123);
  assert.deepEqual(env, {
    object: 'page',
    entry: [{ id: 'P1', time: 1767226500123, messaging: [{ a: 1 }, { c: 1 }] }, { id: 'P2', time: 1767226500123, messaging: [{ b: 1 }] }],
  });
});
