import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fillCannedReply, type CannedValues } from './canned-variables.ts';

const asha: CannedValues = { contactName: 'Asha Rao', customerId: '919800000001', contactPhone: '+919800000001', agentName: 'Vikram', accountName: 'Lucky Parcel' };

describe('canned reply variables', () => {
  it('fills every known variable, spaces inside the braces allowed', () => {
    assert.equal(
      fillCannedReply('Hi {{contact.name}} ({{ contact.first_name }}), {{agent.name}} from {{account.name}} here. We have {{contact.phone}} / {{contact.id}}.', asha),
      'Hi Asha Rao (Asha), Vikram from Lucky Parcel here. We have +919800000001 / 919800000001.',
    );
  });

  it('leaves unknown variables as written so the agent sees them', () => {
    assert.equal(fillCannedReply('Order {{order.id}} for {{contact.name}} {{ Contact.Nmae }}', asha), 'Order {{order.id}} for Asha Rao {{ Contact.Nmae }}');
  });

  it('a missing value becomes empty, and the gap it leaves is tidied', () => {
    const anon: CannedValues = { contactName: null, customerId: '6543210000000001', contactPhone: null, agentName: null, accountName: 'Page' };
    assert.equal(fillCannedReply('Hi {{contact.name}}, thanks for writing!', anon), 'Hi, thanks for writing!');
    assert.equal(fillCannedReply('Dear {{contact.first_name}} {{contact.name}} .', anon), 'Dear.');
    assert.equal(fillCannedReply('Call us back on {{contact.phone}}\nBye {{agent.name}}', anon), 'Call us back on\nBye');
    assert.equal(fillCannedReply('Id {{contact.id}}', anon), 'Id 6543210000000001');
  });

  it('text without a missing value is kept exactly, spacing included', () => {
    assert.equal(fillCannedReply('Two  spaces , and {{contact.name}}', asha), 'Two  spaces , and Asha Rao');
    assert.equal(fillCannedReply('No variables at all.\n\n  Indented.', asha), 'No variables at all.\n\n  Indented.');
  });
});
