// Turns a WhatsApp Business Account webhook body into typed updates. Pure: no I/O. Tolerant of
// the optional and newer fields (BSUID user ids, missing wa_id, v23 vs v24 status shapes).

import { arr, isObj, parseStoredBody, storableDate, type Obj } from '../webhook-json.ts';

export const MESSAGE_TYPES = [
  'text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts',
  'interactive', 'button', 'reaction', 'order', 'system', 'unsupported',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface InboundMessage {
  phoneNumberId: string;
  wamid: string;
  from: string;
  /** The business-scoped user id (BSUID), when Meta sends one beside (or instead of) the wa_id. */
  userId: string | null;
  profileName: string | null;
  timestamp: Date;
  type: MessageType;
  /** Human-readable text: body, caption, button title, emoji ... (for search and previews). */
  text: string | null;
  /** The type-named object exactly as Meta sent it (media ids, coordinates, ...). */
  payload: unknown;
  contextWamid: string | null;
}

export const STATUS_VALUES = ['sent', 'delivered', 'read', 'played', 'failed'] as const;
export type StatusValue = (typeof STATUS_VALUES)[number];

export interface StatusUpdate {
  phoneNumberId: string;
  wamid: string;
  status: StatusValue;
  timestamp: Date;
  recipientId: string | null;
  errorCode: number | null;
  errorTitle: string | null;
}

export interface TemplateEvent {
  wabaId: string;
  field: 'message_template_status_update' | 'template_category_update';
  value: Record<string, unknown>;
}

export interface ParsedWhatsApp {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  templateEvents: TemplateEvent[];
  /** value-level errors and fields Parley does not act on, kept for the record */
  ignored: Array<{ field: string; reason: string }>;
}

// A timestamp (seconds) that is not a storable time is taken as "now".
const seconds = (v: unknown) => storableDate(Number(v) * 1000) ?? new Date();

/** Parses a stored webhook body (strings cleaned of what Postgres cannot store). */
export function parseWhatsAppWebhookText(raw: string): ParsedWhatsApp {
  return parseWhatsAppWebhook(parseStoredBody(raw));
}

export function parseWhatsAppWebhook(body: unknown): ParsedWhatsApp {
  const out: ParsedWhatsApp = { messages: [], statuses: [], templateEvents: [], ignored: [] };
  if (!isObj(body)) return out;
  for (const entry of arr(body.entry)) {
    for (const change of arr(entry.changes)) {
      const field = String(change.field ?? '');
      const value = isObj(change.value) ? change.value : {};
      if (field === 'messages') parseMessagesValue(value, out);
      else if (field === 'message_template_status_update' || field === 'template_category_update') {
        out.templateEvents.push({ wabaId: String(entry.id ?? ''), field, value });
      } else out.ignored.push({ field, reason: 'field not handled' });
    }
  }
  return out;
}

function parseMessagesValue(value: Obj, out: ParsedWhatsApp): void {
  const phoneNumberId = String(value.metadata?.phone_number_id ?? '');
  if (!phoneNumberId) {
    out.ignored.push({ field: 'messages', reason: 'no metadata.phone_number_id' });
    return;
  }
  const contacts = arr(value.contacts);
  const contactOf = (from: string) => contacts.find((c) => c.wa_id === from || c.user_id === from) ?? contacts[0];
  for (const m of arr(value.messages)) {
    const from = String(m.from ?? m.from_user_id ?? '');
    if (!m.id || !from) continue;
    const type = (MESSAGE_TYPES as readonly string[]).includes(m.type) ? (m.type as MessageType) : 'unsupported';
    out.messages.push({
      phoneNumberId,
      wamid: String(m.id),
      from,
      userId: typeof m.from_user_id === 'string' ? m.from_user_id : typeof contactOf(from)?.user_id === 'string' ? contactOf(from).user_id : null,
      profileName: contactOf(from)?.profile?.name ?? null,
      timestamp: seconds(m.timestamp),
      type,
      text: textOf(type, m),
      payload: m[type] ?? (m.errors ? { errors: m.errors } : null),
      contextWamid: typeof m.context?.id === 'string' ? m.context.id : null,
    });
  }
  for (const s of arr(value.statuses)) {
    if (!s.id || !(STATUS_VALUES as readonly string[]).includes(s.status)) continue;
    const err = arr(s.errors)[0];
    out.statuses.push({
      phoneNumberId,
      wamid: String(s.id),
      status: s.status,
      timestamp: seconds(s.timestamp),
      recipientId: s.recipient_id ?? s.recipient_user_id ?? null,
      errorCode: typeof err?.code === 'number' ? err.code : null,
      errorTitle: err ? String(err.title ?? err.message ?? '') || null : null,
    });
  }
  for (const e of arr(value.errors)) out.ignored.push({ field: 'messages', reason: `error ${e.code}: ${e.title ?? e.message ?? ''}` });
}

function textOf(type: MessageType, m: Obj): string | null {
  const o = isObj(m[type]) ? m[type] : {};
  switch (type) {
    case 'text':
      return o.body ?? null;
    case 'image':
    case 'video':
    case 'document':
      return o.caption ?? o.filename ?? null;
    case 'interactive':
      return o.button_reply?.title ?? o.list_reply?.title ?? o.nfm_reply?.name ?? null;
    case 'button':
      return o.text ?? o.payload ?? null;
    case 'reaction':
      return o.emoji || null;
    case 'location':
      return [o.name, o.address].filter(Boolean).join(', ') || `${o.latitude},${o.longitude}`;
    case 'contacts':
      return arr(m.contacts).map((c) => c.name?.formatted_name).filter(Boolean).join(', ') || null;
    case 'system':
      return o.body ?? null;
    case 'unsupported':
      return o.type ? `unsupported: ${o.type}` : null;
    default:
      return null;
  }
}
