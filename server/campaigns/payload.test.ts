import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTemplateMessage, placeholderCount } from './payload.ts';

const tpl = (components: object[]) => ({ name: 'order_update', language: 'en_US', components });

describe('template message payload', () => {
  it('counts placeholders', () => {
    assert.equal(placeholderCount('Hi {{1}}, order {{2}} ships {{ 3 }}'), 3);
    assert.equal(placeholderCount('No variables'), 0);
  });

  it('maps media to the header and variables to the body in order', () => {
    const r = buildTemplateMessage(tpl([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Hi {{1}}, order {{2}}' }]), '919876543210', 'https://cdn.example.com/a.jpg', ['Ada', 'A-1', 'extra']);
    assert.deepEqual(r, {
      ok: true,
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '919876543210',
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [
            { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/a.jpg' } }] },
            { type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: 'A-1' }] },
          ],
        },
      },
    });
  });

  it('refuses rows that cannot fill the template, before calling Meta', () => {
    const doc = buildTemplateMessage(tpl([{ type: 'HEADER', format: 'DOCUMENT' }]), '91', null, []);
    assert.deepEqual(doc, { ok: false, reason: 'template order_update has a DOCUMENT header: the row needs a media URL' });
    const few = buildTemplateMessage(tpl([{ type: 'BODY', text: '{{1}} {{2}}' }]), '91', null, ['only one']);
    assert.equal(few.ok, false);
  });

  it('sends a template without variables with no components', () => {
    const r = buildTemplateMessage(tpl([{ type: 'BODY', text: 'Your order shipped.' }]), '91', null, []);
    assert.ok(r.ok && !('components' in (r.body as any).template));
  });
});
