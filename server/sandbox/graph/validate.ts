// Validates a WhatsApp POST /{phone-number-id}/messages body the way the Cloud API does (shape
// only; the template store check is in template-send.ts). Pure: body in, request or error out.
// Messages follow Graph's wording: "(#100) The parameter X is required.", "(#100) Param X must be
// one of {...} - got \"y\".", "(#100) Unexpected key \"k\" on param \"p\".".
import { isRecord } from '../http.ts';
import { GraphError, invalidParameter, paramError } from './errors.ts';

export interface TemplateRef {
  name: string;
  language: string;
  components: Array<Record<string, unknown>>;
}

export interface SendRequest {
  /** `to` as given (echoed in contacts[].input). */
  to: string;
  /** Normalised recipient: digits of `to`, or the BSUID from `recipient`. */
  waId: string;
  type: string;
  template: TemplateRef | null;
  bizOpaque: string | null;
}

export type Validated = { ok: true; send: SendRequest } | { ok: false; error: GraphError };

const TYPES = ['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'sticker', 'template', 'text', 'video'];
const MEDIA_KEYS: Record<string, string[]> = {
  image: ['id', 'link', 'caption'],
  video: ['id', 'link', 'caption'],
  document: ['id', 'link', 'caption', 'filename'],
  audio: ['id', 'link'],
  sticker: ['id', 'link'],
};
const INTERACTIVE_TYPES = ['address_message', 'button', 'call_permission_request', 'catalog_message', 'cta_url', 'flow', 'list', 'location_request_message', 'product', 'product_list'];
const PARAM_TYPES = ['action', 'coupon_code', 'currency', 'date_time', 'document', 'image', 'location', 'order_status', 'payload', 'product', 'text', 'video'];
const BUTTON_SUB_TYPES = ['catalog', 'copy_code', 'flow', 'mpm', 'order_details', 'quick_reply', 'reminder', 'url', 'voice_call'];

const fail = (error: GraphError): Validated => ({ ok: false, error });
const required = (p: string) => fail(paramError(`The parameter ${p} is required.`));
const oneOf = (p: string, allowed: string[], got: unknown) =>
  fail(paramError(`Param ${p} must be one of {${allowed.map((a) => a.toUpperCase()).join(', ')}} - got "${String(got)}".`));

function unexpected(obj: Record<string, unknown>, allowed: string[], param: string): Validated | null {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) return fail(paramError(`Unexpected key "${k}" on param "${param}".`));
  return null;
}

const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;

export function validateSend(body: unknown): Validated {
  if (!isRecord(body)) return required('messaging_product');
  if (body.messaging_product === undefined) return required('messaging_product');
  if (body.messaging_product !== 'whatsapp') return oneOf('messaging_product', ['whatsapp'], body.messaging_product);
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual' && body.recipient_type !== 'group') {
    return oneOf('recipient_type', ['individual', 'group'], body.recipient_type);
  }

  let to: string;
  let waId: string;
  if (body.to !== undefined) {
    if (typeof body.to !== 'string' || !/^[+\d\s().-]+$/.test(body.to)) return fail(invalidParameter(`Invalid 'to' parameter: "${String(body.to)}" is not a phone number.`));
    to = body.to;
    waId = to.replace(/\D/g, '');
    if (waId.length < 5 || waId.length > 15) return fail(invalidParameter(`Invalid 'to' parameter: "${to}" is not a phone number.`));
  } else if (nonEmpty(body.recipient)) {
    to = body.recipient;
    waId = body.recipient;
  } else return required('to');

  const type = body.type === undefined ? 'text' : body.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) return oneOf('type', TYPES, type);
  const obj = body[type];
  if (!isRecord(obj) && !(type === 'contacts' && Array.isArray(obj))) return required(type);

  if (body.context !== undefined && (!isRecord(body.context) || !nonEmpty(body.context.message_id))) return required("context['message_id']");
  const biz = body.biz_opaque_callback_data;
  if (biz !== undefined && (typeof biz !== 'string' || biz.length > 512)) return fail(paramError('Param biz_opaque_callback_data must be a string of at most 512 characters.'));

  const problem = validateTyped(type, obj);
  if (problem) return problem;
  const template = type === 'template' ? templateRef(obj as Record<string, unknown>) : null;
  return { ok: true, send: { to, waId, type, template, bizOpaque: typeof biz === 'string' ? biz : null } };
}

function validateTyped(type: string, obj: unknown): Validated | null {
  if (type === 'contacts') return validateContacts(obj);
  const o = obj as Record<string, unknown>;
  switch (type) {
    case 'text': {
      const u = unexpected(o, ['body', 'preview_url'], 'text');
      if (u) return u;
      if (!nonEmpty(o.body)) return required("text['body']");
      if (o.body.length > 4096) return fail(paramError("Param text['body'] must be at most 4096 characters long."));
      if (o.preview_url !== undefined && typeof o.preview_url !== 'boolean') return fail(paramError("Param text['preview_url'] must be a boolean."));
      return null;
    }
    case 'image': case 'video': case 'document': case 'audio': case 'sticker':
      return validateMedia(o, type, MEDIA_KEYS[type]);
    case 'reaction':
      if (!nonEmpty(o.message_id)) return required("reaction['message_id']");
      if (typeof o.emoji !== 'string') return required("reaction['emoji']");
      return null;
    case 'location':
      if (typeof o.latitude !== 'number' && typeof o.latitude !== 'string') return required("location['latitude']");
      if (typeof o.longitude !== 'number' && typeof o.longitude !== 'string') return required("location['longitude']");
      return null;
    case 'interactive':
      return validateInteractive(o);
    case 'template':
      return validateTemplate(o);
  }
  return null;
}

function validateMedia(o: Record<string, unknown>, param: string, allowed: string[]): Validated | null {
  const u = unexpected(o, allowed, param);
  if (u) return u;
  if (!nonEmpty(o.id) && !nonEmpty(o.link)) return fail(invalidParameter(`Param ${param} must have either an 'id' or a 'link'.`));
  if (nonEmpty(o.link) && !/^https?:\/\//.test(o.link)) return fail(invalidParameter(`Param ${param}['link'] is not a valid URI.`));
  if (o.caption !== undefined && (typeof o.caption !== 'string' || o.caption.length > 1024)) {
    return fail(paramError(`Param ${param}['caption'] must be at most 1024 characters long.`));
  }
  return null;
}

function validateContacts(obj: unknown): Validated | null {
  if (!Array.isArray(obj) || obj.length === 0) return required('contacts');
  for (let i = 0; i < obj.length; i++) {
    const c = obj[i];
    if (!isRecord(c) || !isRecord(c.name) || !nonEmpty(c.name.formatted_name)) return required(`contacts[${i}]['name']['formatted_name']`);
  }
  return null;
}

function validateInteractive(o: Record<string, unknown>): Validated | null {
  if (o.type === undefined) return required("interactive['type']");
  if (typeof o.type !== 'string' || !INTERACTIVE_TYPES.includes(o.type)) return oneOf("interactive['type']", INTERACTIVE_TYPES, o.type);
  if (!isRecord(o.action)) return required("interactive['action']");
  if (o.type === 'button' || o.type === 'list' || o.type === 'cta_url' || o.type === 'flow') {
    if (!isRecord(o.body) || !nonEmpty(o.body.text)) return required("interactive['body']['text']");
    if (o.body.text.length > 1024) return fail(paramError("Param interactive['body']['text'] must be at most 1024 characters long."));
  }
  if (o.type === 'button') {
    const buttons = o.action.buttons;
    if (!Array.isArray(buttons) || buttons.length === 0) return required("interactive['action']['buttons']");
    if (buttons.length > 3) return fail(paramError("Param interactive['action']['buttons'] must contain at most 3 elements."));
    for (let i = 0; i < buttons.length; i++) {
      const b = buttons[i];
      const p = `interactive['action']['buttons'][${i}]`;
      if (!isRecord(b) || b.type !== 'reply' || !isRecord(b.reply)) return required(`${p}['reply']`);
      if (!nonEmpty(b.reply.id)) return required(`${p}['reply']['id']`);
      if (!nonEmpty(b.reply.title)) return required(`${p}['reply']['title']`);
      if (b.reply.title.length > 20) return fail(paramError(`Param ${p}['reply']['title'] must be at most 20 characters long.`));
    }
  }
  if (o.type === 'list') {
    if (!nonEmpty(o.action.button)) return required("interactive['action']['button']");
    const sections = o.action.sections;
    if (!Array.isArray(sections) || sections.length === 0) return required("interactive['action']['sections']");
    if (sections.length > 10) return fail(paramError("Param interactive['action']['sections'] must contain at most 10 elements."));
    const rows = sections.reduce((n: number, s: unknown) => n + (isRecord(s) && Array.isArray(s.rows) ? s.rows.length : 0), 0);
    if (rows === 0) return required("interactive['action']['sections'][0]['rows']");
    if (rows > 10) return fail(invalidParameter('Total row count exceed max allowed count: 10'));
  }
  return null;
}

function validateTemplate(o: Record<string, unknown>): Validated | null {
  const u = unexpected(o, ['name', 'language', 'components', 'namespace'], 'template');
  if (u) return u;
  if (!nonEmpty(o.name)) return required("template['name']");
  if (!isRecord(o.language)) return required("template['language']");
  if (!nonEmpty(o.language.code)) return required("template['language']['code']");
  if (o.components === undefined) return null;
  if (!Array.isArray(o.components)) return fail(paramError("Param template['components'] must be an array."));
  for (let i = 0; i < o.components.length; i++) {
    const c = o.components[i];
    const p = `template['components'][${i}]`;
    if (!isRecord(c)) return required(p);
    const type = typeof c.type === 'string' ? c.type.toLowerCase() : c.type;
    if (type === undefined) return required(`${p}['type']`);
    if (!['header', 'body', 'button', 'carousel', 'limited_time_offer'].includes(type as string)) {
      return oneOf(`${p}['type']`, ['header', 'body', 'button', 'carousel', 'limited_time_offer'], c.type);
    }
    if (type === 'button') {
      if (c.sub_type === undefined) return required(`${p}['sub_type']`);
      if (typeof c.sub_type !== 'string' || !BUTTON_SUB_TYPES.includes(c.sub_type.toLowerCase())) return oneOf(`${p}['sub_type']`, BUTTON_SUB_TYPES, c.sub_type);
      if (c.index === undefined) return required(`${p}['index']`);
      if (!/^\d$/.test(String(c.index))) return fail(paramError(`Param ${p}['index'] must be an integer between 0 and 9.`));
    }
    if (c.parameters === undefined) {
      if (type === 'button') return required(`${p}['parameters']`);
      continue;
    }
    if (!Array.isArray(c.parameters)) return fail(paramError(`Param ${p}['parameters'] must be an array.`));
    for (let j = 0; j < c.parameters.length; j++) {
      const bad = validateParameter(c.parameters[j], `${p}['parameters'][${j}]`);
      if (bad) return bad;
    }
  }
  return null;
}

function validateParameter(x: unknown, p: string): Validated | null {
  if (!isRecord(x)) return required(p);
  if (x.type === undefined) return required(`${p}['type']`);
  if (typeof x.type !== 'string' || !PARAM_TYPES.includes(x.type)) return oneOf(`${p}['type']`, PARAM_TYPES, x.type);
  switch (x.type) {
    case 'text':
      if (typeof x.text !== 'string' || x.text.length === 0) return required(`${p}['text']`);
      return null;
    case 'payload':
      if (!nonEmpty(x.payload)) return required(`${p}['payload']`);
      return null;
    case 'currency':
      if (!isRecord(x.currency) || !nonEmpty(x.currency.fallback_value)) return required(`${p}['currency']['fallback_value']`);
      if (!nonEmpty(x.currency.code)) return required(`${p}['currency']['code']`);
      if (typeof x.currency.amount_1000 !== 'number') return required(`${p}['currency']['amount_1000']`);
      return null;
    case 'date_time':
      if (!isRecord(x.date_time) || !nonEmpty(x.date_time.fallback_value)) return required(`${p}['date_time']['fallback_value']`);
      return null;
    case 'image': case 'video': case 'document': {
      const media = x[x.type];
      if (!isRecord(media)) return required(`${p}['${x.type}']`);
      // Templates take no captions (META-PLATFORM 4.2); documents may carry a filename.
      return validateMedia(media, `${p}['${x.type}']`, x.type === 'document' ? ['id', 'link', 'filename'] : ['id', 'link']);
    }
    case 'location':
      if (!isRecord(x.location)) return required(`${p}['location']`);
      return null;
  }
  return null;
}

function templateRef(o: Record<string, unknown>): TemplateRef {
  const language = o.language as Record<string, unknown>;
  return {
    name: o.name as string,
    language: language.code as string,
    components: Array.isArray(o.components) ? (o.components as Array<Record<string, unknown>>) : [],
  };
}
