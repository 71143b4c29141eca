// Inbound WhatsApp customer messages (META-PLATFORM 2.2-2.9): one builder per type with Meta's
// documented fields, so tests can emit realistic traffic with one line and override any field.
// Pure: ids and the clock come in through the spec.

export const WA_INBOUND_TYPES = [
  'text', 'image', 'video', 'audio', 'document', 'sticker', 'interactive', 'button',
  'reaction', 'location', 'contacts', 'unsupported', 'system', 'order',
] as const;
export type WaInboundType = (typeof WA_INBOUND_TYPES)[number];

export interface WaInboundSpec {
  type: WaInboundType;
  from: string;
  name: string;
  /** Shorthand: text body, caption, button/row title. */
  text: string | null;
  timestampSec: number;
  wamid: string;
  /** Digits of the business number (context.from of replies). */
  businessDigits: string;
  /** The last wamid the business sent this user: what a reply, button tap or reaction refers to. */
  lastOutbound: string | null;
  /** Merged over the type-named object (for `contacts`: replaces the array). */
  fields: unknown;
  context: Record<string, unknown> | null;
  referral: Record<string, unknown> | null;
  /** New wa_id for `system` user_changed_number. */
  newWaId: string | null;
}

export interface IdSource {
  mediaId(): string;
  sha256(): string;
}

const asRecord = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

function media(spec: WaInboundSpec, ids: IdSource, base: Record<string, unknown>): Record<string, unknown> {
  const id = ids.mediaId();
  return {
    ...base,
    mime_type: base.mime_type,
    sha256: ids.sha256(),
    id,
    url: `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${id}&ext=${spec.timestampSec + 300}`,
  };
}

function typeObject(spec: WaInboundSpec, ids: IdSource): unknown {
  const f = asRecord(spec.fields);
  const caption = spec.text !== null ? { caption: spec.text } : {};
  switch (spec.type) {
    case 'text':
      return { body: spec.text ?? 'Hello from the sandbox', ...f };
    case 'image':
      return { ...media(spec, ids, { ...caption, mime_type: 'image/jpeg' }), ...f };
    case 'video':
      return { ...media(spec, ids, { ...caption, mime_type: 'video/mp4' }), ...f };
    case 'document':
      return { ...media(spec, ids, { ...caption, filename: 'document.pdf', mime_type: 'application/pdf' }), ...f };
    case 'audio':
      return { ...media(spec, ids, { mime_type: 'audio/ogg; codecs=opus' }), voice: true, ...f };
    case 'sticker':
      return { ...media(spec, ids, { mime_type: 'image/webp' }), animated: false, ...f };
    case 'interactive':
      if (f.type === 'list_reply') {
        return { type: 'list_reply', list_reply: { id: 'row_1', title: spec.text ?? 'Option 1', description: 'Sandbox row', ...asRecord(f.list_reply) } };
      }
      return { type: 'button_reply', button_reply: { id: 'btn_yes', title: spec.text ?? 'Yes', ...asRecord(f.button_reply) } };
    case 'button':
      return { payload: spec.text ?? 'PAYLOAD', text: spec.text ?? 'Button', ...f };
    case 'reaction': {
      const r: Record<string, unknown> = { message_id: spec.lastOutbound, emoji: '👍', ...f };
      // Removal: Meta sends the reaction without `emoji` (META-PLATFORM 2.6).
      if (r.emoji === null) delete r.emoji;
      return r;
    }
    case 'location':
      return { latitude: 51.5033, longitude: -0.1196, name: 'Depot North', address: '1 Example Road, London', ...f };
    case 'contacts':
      return Array.isArray(spec.fields)
        ? spec.fields
        : [{
            name: { formatted_name: 'Grace Hopper', first_name: 'Grace', last_name: 'Hopper' },
            phones: [{ phone: '+1 (202) 555-0147', wa_id: '12025550147', type: 'CELL' }],
            ...f,
          }];
    case 'unsupported':
      return { type: 'poll_creation', ...f };
    case 'system':
      return { body: `User ${spec.name} changed from ${spec.from} to ${spec.newWaId ?? spec.from}`, wa_id: spec.newWaId ?? spec.from, type: 'user_changed_number', ...f };
    case 'order':
      return {
        catalog_id: 'sandbox_catalog',
        text: spec.text ?? '',
        product_items: [{ product_retailer_id: 'SKU-1', quantity: 1, item_price: 12.5, currency: 'GBP' }],
        ...f,
      };
  }
}

/** The messages[] element and the contacts[] element that goes with it (none for `system`). */
export function buildWaInbound(spec: WaInboundSpec, ids: IdSource): { message: Record<string, unknown>; contact: Record<string, unknown> | null } {
  const m: Record<string, unknown> = {};
  const defaultContext = (spec.type === 'interactive' || spec.type === 'button') && spec.lastOutbound
    ? { from: spec.businessDigits, id: spec.lastOutbound }
    : null;
  const context = spec.context ?? defaultContext;
  if (context) m.context = context;
  m.from = spec.from;
  m.id = spec.wamid;
  m.timestamp = String(spec.timestampSec);
  if (spec.type === 'unsupported') {
    m.errors = [{
      code: 131051,
      title: 'Message type unknown',
      message: 'Message type unknown',
      error_data: { details: 'Message type is currently not supported.' },
    }];
  }
  if (spec.referral) m.referral = spec.referral;
  m.type = spec.type;
  m[spec.type] = typeObject(spec, ids);
  const contact = spec.type === 'system' ? null : { profile: { name: spec.name }, wa_id: spec.from };
  return { message: m, contact };
}
