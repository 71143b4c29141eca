import fc from 'fast-check';
import { signBody } from '../../webhooks/signature.ts';
import { inboundMessage, inboundText, statusUpdates, WABA_ID } from '../wa-payloads.ts';
import { deepValue, hostileValue, toJsonText } from './hostile.ts';
import { badEncoding, malformedJson, wrongContentType, type Payload } from './encode.ts';
import { mutate } from './schema-values.ts';
import type { FuzzCase } from './operations.ts';

export const WEBHOOK_OP = 'POST /webhooks/meta';

// Signed (and unsigned) bad webhooks: Meta's shapes, bent out of shape.

const PNID = '106540352242922';
const bases: unknown[] = [
  inboundText(PNID, '919876543210', 'wamid.fuzz1', 'hello'),
  inboundMessage(PNID, '919876543210', { id: 'wamid.fuzz2', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'Yes' } } }),
  inboundMessage(PNID, '919876543210', { id: 'wamid.fuzz3', type: 'image', image: { id: 'media1', mime_type: 'image/jpeg', caption: 'c' } }),
  inboundMessage(PNID, '919876543210', { id: 'wamid.fuzz4', type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }),
  statusUpdates(PNID, [{ wamid: 'wamid.out1', status: 'delivered' }, { wamid: 'wamid.out2', status: 'failed', errors: [{ code: 131026, title: 'Undeliverable' }] }]),
  { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, time: 1, changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1, message_template_name: 'x', message_template_language: 'en' } }] }] },
  { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, time: 1, changes: [{ field: 'template_category_update', value: { message_template_id: 1, previous_category: 'UTILITY', new_category: 'MARKETING' } }] }] },
  { object: 'instagram', entry: [{ id: '1', time: 1, messaging: [{ sender: { id: '1' }, recipient: { id: '2' }, message: { mid: 'm1', text: 'hi' } }] }] },
];

const NOT_ARRAY = [1, 'changes', { 0: {} }, true, null, -1e308];

/** Targeted breakages the generic tree mutation would only find by luck. */
const shapeBreak = fc.record({ base: fc.constantFrom(...bases), pick: fc.nat(), hostile: hostileValue, notArray: fc.constantFrom(...NOT_ARRAY) }).chain(({ base, pick, hostile, notArray }) => {
  const b = JSON.parse(JSON.stringify(base)) as { object: unknown; entry: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const msg = () => b.entry[0].changes?.[0]?.value?.messages?.[0];
  const options: Array<[string, () => void]> = [
    ['changes-not-array', () => (b.entry[0].changes = notArray)],
    ['messaging-not-array', () => (b.entry[0].messaging = notArray)],
    ['entry-item-not-object', () => (b.entry = [notArray, ...b.entry])],
    ['value-not-object', () => b.entry[0].changes && (b.entry[0].changes[0].value = notArray)],
    ['messages-not-array', () => b.entry[0].changes?.[0]?.value && (b.entry[0].changes[0].value.messages = notArray)],
    ['statuses-not-array', () => b.entry[0].changes?.[0]?.value && (b.entry[0].changes[0].value.statuses = notArray)],
    ['nul-text', () => msg()?.text && (msg().text.body = 'before\u0000after')],
    ['nul-fields', () => msg() && ((msg().from = '91\u000098'), (msg().id = 'wamid.\u0000'))],
    ['surrogate-text', () => msg()?.text && (msg().text.body = 'x\ud800y\udfff')],
    ['surrogate-fields', () => msg() && (msg().from = '\ud83d')],
    ['huge-entry-array', () => (b.entry = Array.from({ length: 5000 }, () => b.entry[0]))],
    ['huge-messages-array', () => msg() && (b.entry[0].changes[0].value.messages = Array.from({ length: 5000 }, (_, i) => ({ ...msg(), id: `wamid.h${i}` })))],
    ['huge-changes-array', () => b.entry[0].changes && (b.entry[0].changes = Array.from({ length: 10_000 }, () => b.entry[0].changes[0]))],
    ['wrong-object', () => (b.object = ['page_x', 'WHATSAPP_BUSINESS_ACCOUNT', '', 'user', '__proto__'][pick % 5])],
    ['object-not-string', () => (b.object = notArray)],
    ['no-entry', () => delete (b as { entry?: unknown }).entry],
    ['entry-not-array', () => (b.entry = notArray as never)],
    ['deep-nesting', () => (b.entry[0].changes ? (b.entry[0].changes[0].value = deepValue(pick % 2 ? 'array' : 'object')) : (b.entry[0] = deepValue('object')))],
    ['huge-timestamp', () => msg() && (msg().timestamp = ['99999999999999999999', '-1', '1e21', 'NaN', '0', ''][pick % 6])],
    ['field-hostile', () => msg() && (msg().type = hostile.value)],
  ];
  const [cls, apply] = options[pick % options.length]!;
  apply();
  return fc.constant({ cls: `shape:${cls}`, value: b as unknown });
});

/** Any field anywhere replaced, dropped or added. */
const treeBreak = fc
  .record({ base: fc.constantFrom(...bases), pick: fc.nat(), hostile: hostileValue, kind: fc.constantFrom('replace' as const, 'replace' as const, 'drop' as const, 'extra' as const) })
  .map(({ base, pick, hostile, kind }) => mutate(base, kind, pick, hostile))
  .map((t) => ({ cls: `tree:${t.cls}`, value: t.value }));

const BAD_SIGNATURES = (good: string) => [
  null,
  '',
  'sha256=',
  'sha1=' + good.slice(7, 47),
  'sha256=' + '0'.repeat(64),
  'sha256=' + good.slice(7).toUpperCase().replace(/.$/, 'X'),
  good.slice(7),
  good + '00',
  'sha256=' + good.slice(7, 70).padEnd(64, 'g'),
  `${good}, ${good}`,
];

function signed(p: Payload, secret: string): Record<string, string> {
  return { ...p.headers, 'x-hub-signature-256': signBody(secret, p.body ?? Buffer.alloc(0)) };
}

export function webhookCaseArbitrary(secret: string): fc.Arbitrary<FuzzCase> {
  const plausible = fc.constantFrom(...bases);
  const asJson = (t: { cls: string; value: unknown }): Payload => ({ cls: t.cls, headers: { 'content-type': 'application/json' }, body: Buffer.from(toJsonText(t.value)) });
  const signedPayload = fc.oneof(
    { weight: 5, arbitrary: shapeBreak.map(asJson) },
    { weight: 5, arbitrary: treeBreak.map(asJson) },
    { weight: 1, arbitrary: hostileValue.map((h) => asJson({ cls: `whole:${h.cls}`, value: h.value })) },
    { weight: 1, arbitrary: malformedJson(plausible) },
    { weight: 1, arbitrary: wrongContentType(plausible) },
    { weight: 1, arbitrary: badEncoding(plausible, 3 * 1024 * 1024) },
  );
  const withSig = signedPayload.map((p) => ({ ...p, headers: signed(p, secret) }));
  const badSig = fc.tuple(plausible, fc.nat()).map(([v, n]) => {
    const body = Buffer.from(toJsonText(v));
    const options = BAD_SIGNATURES(signBody(secret, body));
    const sig = options[n % options.length];
    return { cls: `signature:${sig === null ? 'missing' : `bad-${n % options.length}`}`, headers: { 'content-type': 'application/json', ...(sig === null ? {} : { 'x-hub-signature-256': sig }) }, body };
  });
  return fc.oneof({ weight: 6, arbitrary: withSig }, { weight: 1, arbitrary: badSig }).map((p) => ({ op: WEBHOOK_OP, cls: p.cls, method: 'POST', url: '/webhooks/meta', headers: p.headers, body: p.body }));
}
