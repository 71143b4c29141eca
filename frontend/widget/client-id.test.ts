import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visitorMessageBody } from '../../server/webchat/schema.ts';
import { newClientId } from './client-id.ts';

describe('client ids', () => {
  it('are UUIDs the server accepts, from randomUUID or from random bytes', () => {
    const fromBytes = (fill: number) => newClientId((b) => b.fill(fill));
    for (const id of [newClientId(), fromBytes(0), fromBytes(255), fromBytes(0x5a)]) {
      assert.equal(visitorMessageBody.safeParse({ clientId: id, text: 'hi' }).success, true, id);
    }
    assert.equal(fromBytes(0), '00000000-0000-4000-8000-000000000000');
    assert.notEqual(newClientId(), newClientId());
  });
});
