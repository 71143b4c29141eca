import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inboundMessage, statusUpdates } from '../../test/wa-payloads.ts';
import { whatsappEvents } from './index.ts';

// WhatsApp Cloud API webhooks (shapes from Meta's "Messages" and "Status messages" webhook
// references) -> the channel events the inbox writes.
const PNID = '106540352242922';
const FROM = '919876543210';

describe('WhatsApp events for the inbox', () => {
  it('an inbound message keeps its wamid, profile name, reply context and Meta seconds', () => {
    const body = inboundMessage(PNID, FROM, { id: 'wamid.A', timestamp: '1767226499', type: 'text', text: { body: 'Hi' }, context: { id: 'wamid.OUT' } });
    const [m] = whatsappEvents(JSON.stringify(body)).messages;
    assert.deepEqual(
      [m!.channel, m!.accountId, m!.customerId, m!.externalId, m!.direction, m!.type, m!.text, m!.contextId, m!.timestamp.toISOString(), m!.standby],
      ['whatsapp', PNID, FROM, 'wamid.A', 'inbound', 'text', 'Hi', 'wamid.OUT', '2026-01-01T00:14:59.000Z', false],
    );
    assert.match(m!.profileName ?? '', /Customer/);
  });

  it("keeps the business-scoped user id (BSUID) beside the wa_id; a message with only a BSUID is keyed by it", () => {
    const both = inboundMessage(PNID, FROM, { id: 'wamid.B', type: 'text', text: { body: 'Hi' } });
    (both.entry[0]!.changes[0]!.value as unknown as { contacts: Array<Record<string, unknown>> }).contacts[0]!.user_id = 'IN.1234567890';
    const [m] = whatsappEvents(JSON.stringify(both)).messages;
    assert.deepEqual([m!.customerId, m!.bsuid], [FROM, 'IN.1234567890']);
    const only = inboundMessage(PNID, 'IN.555', { id: 'wamid.C', type: 'text', text: { body: 'Hi' }, from: undefined, from_user_id: 'IN.555' });
    const [n] = whatsappEvents(JSON.stringify(only)).messages;
    assert.deepEqual([n!.customerId, n!.bsuid], ['IN.555', null]);
  });

  it('a reaction is a message of its own and lands on the message it is about (empty emoji: removed)', () => {
    const r = whatsappEvents(JSON.stringify(inboundMessage(PNID, FROM, { id: 'wamid.R', type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '👍' } })));
    assert.deepEqual([r.messages[0]!.type, r.reactions[0]!.externalId, r.reactions[0]!.emoji], ['reaction', 'wamid.OUT', '👍']);
    const removed = whatsappEvents(JSON.stringify(inboundMessage(PNID, FROM, { id: 'wamid.R2', type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '' } })));
    assert.equal(removed.reactions[0]!.emoji, null);
  });

  it('statuses carry the wamid, the status and a failure code', () => {
    const body = statusUpdates(PNID, [{ wamid: 'wamid.OUT', status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] }]);
    assert.deepEqual(whatsappEvents(JSON.stringify(body)).statuses.map((s) => [s.channel, s.accountId, s.externalId, s.status, s.errorCode, s.errorTitle]), [
      ['whatsapp', PNID, 'wamid.OUT', 'failed', 131026, 'Message undeliverable'],
    ]);
  });
});
