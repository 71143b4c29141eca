import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTemplateMessage, placeholderCount, placeholderNames, templateNeeds } from './template-payload.ts';

const tpl = (components: object[]) => ({ name: 'order_update', language: 'en_US', components });

describe('template message payload', () => {
  it('counts placeholders', () => {
    assert.equal(placeholderCount('Hi {{1}}, order {{2}} ships {{ 3 }}'), 3);
    assert.equal(placeholderCount('No variables'), 0);
  });

  it('maps media to the header and variables to the body in order', () => {
    const r = buildTemplateMessage(tpl([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Hi {{1}}, order {{2}}' }]), '919876543210', { mediaUrl: 'https://cdn.example.com/a.jpg', variables: ['Ada', 'A-1', 'extra'], named: null });
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
    const doc = buildTemplateMessage(tpl([{ type: 'HEADER', format: 'DOCUMENT' }]), '91', { mediaUrl: null, variables: [], named: null });
    assert.deepEqual(doc, { ok: false, reason: 'template order_update has a DOCUMENT header: the row needs a media URL' });
    const few = buildTemplateMessage(tpl([{ type: 'BODY', text: '{{1}} {{2}}' }]), '91', { mediaUrl: null, variables: ['only one'], named: null });
    assert.equal(few.ok, false);
  });

  it('sends a template without variables with no components', () => {
    const r = buildTemplateMessage(tpl([{ type: 'BODY', text: 'Your order shipped.' }]), '91', { mediaUrl: null, variables: [], named: null });
    assert.ok(r.ok && !('components' in (r.body as any).template));
  });

  it('sends NAMED parameters with their parameter_name, from the named values or else in body order', () => {
    const named = { ...tpl([{ type: 'BODY', text: 'Hi {{customer_name}}, order {{order_id}} for {{customer_name}}' }]), parameterFormat: 'NAMED' };
    assert.deepEqual(placeholderNames('Hi {{customer_name}}, {{ order_id }} {{customer_name}} {{1}}'), ['customer_name', 'order_id']);
    assert.deepEqual(templateNeeds(named), { name: 'order_update', media: null, positional: 0, named: ['customer_name', 'order_id'] });
    const params = (values: { variables: string[]; named: Record<string, string> | null }) => {
      const r = buildTemplateMessage(named, '919876543210', { mediaUrl: null, ...values });
      return r.ok ? (r.body as any).template.components : r.reason;
    };
    const body = [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ada' }, { type: 'text', parameter_name: 'order_id', text: 'A-1' }] }];
    assert.deepEqual(params({ variables: [], named: { order_id: 'A-1', customer_name: 'Ada' } }), body);
    assert.deepEqual(params({ variables: ['Ada', 'A-1'], named: null }), body);
    assert.equal(params({ variables: [], named: { customer_name: 'Ada' } }), 'template order_update needs {{order_id}}: add a column named order_id');
  });

  it('reads a POSITIONAL template without parameter_format (older syncs) as positional', () => {
    assert.deepEqual(templateNeeds({ ...tpl([{ type: 'HEADER', format: 'VIDEO' }, { type: 'BODY', text: '{{1}} {{3}}' }]), parameterFormat: null }), {
      name: 'order_update', media: 'video', positional: 3, named: [],
    });
  });
});
