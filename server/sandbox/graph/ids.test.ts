import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng } from '../rng.ts';
import { Ids } from './ids.ts';

describe('simulator ids', () => {
  it('template ids survive a JSON number round trip (webhooks send message_template_id as a number)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const ids = new Ids(seededRng(seed));
      for (let i = 0; i < 200; i++) {
        const id = ids.templateId();
        assert.equal(String(JSON.parse(`{"id":${id}}`).id), id, `seed ${seed}: ${id}`);
      }
    }
  });
});
