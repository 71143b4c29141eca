import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplateSend } from './template-send.ts';
import type { StoredTemplate } from './templates.ts';
import { validateSend } from './validate.ts';

const base = { messaging_product: 'whatsapp', to: '+44 7700 900123' };
const message = (body: unknown) => {
  const v = validateSend(body);
  return v.ok ? null : v.error.fields.message;
};

test('valid text, media, interactive, reaction, location, contacts and template bodies', () => {
  const ok = [
    { ...base, type: 'text', text: { body: 'hi', preview_url: false }, biz_opaque_callback_data: 'x', context: { message_id: 'wamid.X' } },
    { ...base, text: { body: 'type defaults to text' } },
    { ...base, type: 'image', image: { link: 'https://cdn.example.org/a.jpg', caption: 'c' } },
    { ...base, type: 'document', document: { id: '123', filename: 'a.pdf' } },
    { ...base, type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } },
    { ...base, type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } },
    { ...base, type: 'location', location: { latitude: 1, longitude: 2 } },
    { ...base, type: 'contacts', contacts: [{ name: { formatted_name: 'Grace' } }] },
    { ...base, type: 'template', template: { name: 't', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }] } },
  ];
  for (const b of ok) assert.equal(message(b), null, JSON.stringify(b));
  const v = validateSend(ok[0]);
  assert.ok(v.ok);
  assert.deepEqual({ to: v.send.to, waId: v.send.waId, biz: v.send.bizOpaque }, { to: '+44 7700 900123', waId: '447700900123', biz: 'x' });
});

test('invalid bodies give Graph-style code 100 messages', () => {
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /The parameter messaging_product is required/],
    [{ to: '1234567' }, /messaging_product is required/],
    [{ ...base, messaging_product: 'sms' }, /Param messaging_product must be one of \{WHATSAPP\} - got "sms"/],
    [{ messaging_product: 'whatsapp', text: { body: 'x' } }, /The parameter to is required/],
    [{ ...base, to: 'not-a-number' }, /Invalid parameter/],
    [{ ...base, type: 'fax' }, /Param type must be one of \{AUDIO, .*TEXT, VIDEO\} - got "fax"/],
    [{ ...base, type: 'text' }, /The parameter text is required/],
    [{ ...base, text: {} }, /The parameter text\['body'\] is required/],
    [{ ...base, text: { body: 'x'.repeat(4097) } }, /at most 4096 characters/],
    [{ ...base, text: { body: 'x', previewurl: true } }, /Unexpected key "previewurl" on param "text"/],
    [{ ...base, type: 'image', image: {} }, /Invalid parameter/],
    [{ ...base, type: 'template', template: { name: 't' } }, /template\['language'\] is required/],
    [{ ...base, type: 'template', template: { name: 't', language: { code: 'en' }, components: [{ type: 'button', index: '0', parameters: [] }] } }, /\['sub_type'\] is required/],
    [{ ...base, type: 'template', template: { name: 't', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text' }] }] } }, /\['parameters'\]\[0\]\['text'\] is required/],
    [{ ...base, type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [1, 2, 3, 4] } } }, /at most 3 elements/],
  ];
  for (const [body, re] of cases) {
    const v = validateSend(body);
    assert.equal(v.ok, false, JSON.stringify(body));
    if (!v.ok) {
      assert.match(v.error.fields.message, re);
      assert.equal(v.error.fields.code, 100);
      assert.equal(v.error.status, 400);
    }
  }
});

const tpl = (over: Partial<StoredTemplate> = {}): StoredTemplate => ({
  seq: 1, id: '1', wabaId: 'W', name: 'order_shipped_v2', language: 'en_US', status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'BODY', text: 'Hi {{1}}, your order of {{2}} ships on {{3}}.' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://t.example.org/{{1}}' }, { type: 'QUICK_REPLY', text: 'Stop' }] },
  ],
  ...over,
});
const goodComponents = [
  { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.org/p.jpg' } }] },
  { type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: '£12.50' }, { type: 'text', text: '2 January' }] },
  { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ORD-1' }] },
];
const ref = (components: Array<Record<string, unknown>>) => ({ name: 'order_shipped_v2', language: 'en_US', components });

test('template sends are checked against the stored template', () => {
  assert.equal(checkTemplateSend(tpl(), ref(goodComponents), false), null);
  const code = (t: StoredTemplate | undefined, comps = goodComponents, accept = false) => checkTemplateSend(t, ref(comps), accept)?.fields;
  assert.equal(code(undefined)?.code, 132001);
  assert.equal(code(undefined, goodComponents, true), undefined);
  assert.equal(code(tpl({ status: 'PENDING' }))?.code, 132001);
  assert.equal(code(tpl({ status: 'PAUSED' }))?.code, 132015);
  assert.equal(code(tpl({ status: 'DISABLED' }))?.code, 132016);
  const noHeader = code(tpl(), goodComponents.slice(1));
  assert.equal(noHeader?.code, 132012);
  assert.equal(noHeader?.error_data?.details, 'header: Format mismatch, expected IMAGE, received UNKNOWN');
  const twoParams = [goodComponents[0], { type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: 'x' }] }, goodComponents[2]];
  const mismatch = code(tpl(), twoParams);
  assert.equal(mismatch?.code, 132000);
  assert.equal(mismatch?.message, '(#132000) Number of parameters does not match the expected number of params');
  assert.equal(mismatch?.error_data?.details, 'body: number of localizable_params (2) does not match the expected number of params (3)');
  assert.equal(code(tpl(), goodComponents.slice(0, 2))?.code, 132000); // dynamic URL button without its parameter
});

test('named-parameter templates check parameter_name', () => {
  const named = tpl({ parameter_format: 'NAMED', components: [{ type: 'BODY', text: 'Hi {{first_name}}' }] });
  const send = (name: string) => ref([{ type: 'body', parameters: [{ type: 'text', parameter_name: name, text: 'Ada' }] }]);
  assert.equal(checkTemplateSend(named, send('first_name'), false), null);
  assert.equal(checkTemplateSend(named, send('last_name'), false)?.fields.code, 132012);
  const two = tpl({ parameter_format: 'NAMED', components: [{ type: 'BODY', text: 'Hi {{first_name}}, order {{order_id}}' }] });
  const params = (...names: string[]) => ref([{ type: 'body', parameters: names.map((n) => ({ type: 'text', parameter_name: n, text: 'x' })) }]);
  assert.equal(checkTemplateSend(two, params('order_id', 'first_name'), false), null); // order does not matter
  assert.equal(checkTemplateSend(two, params('first_name', 'first_name'), false)?.fields.error_data?.details, 'body: parameter "order_id" has no value (parameter_name "order_id" missing)');
  assert.equal(checkTemplateSend(two, params('first_name'), false)?.fields.code, 132000);
  const positional = ref([{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }]);
  assert.equal(checkTemplateSend(named, positional, false)?.fields.code, 132012); // a NAMED template needs parameter_name
});
