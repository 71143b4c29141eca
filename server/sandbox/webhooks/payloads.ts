// Webhook payload shapes (META-PLATFORM 2.1, 2.10-2.14, 3.1, 3.3). Items queued by the batcher
// are assembled here into Meta's envelopes: WhatsApp groups entries by WABA and, within an entry,
// one `messages` change per phone number (its metadata, contacts, messages[] and statuses[]);
// template/quality changes are their own change and give the entry a `time`. Instagram and
// Messenger group `messaging[]` events per account, and `standby[]` events (threads another app
// owns under the handover protocol) beside them in the same entry.

export const WA_OBJECT = 'whatsapp_business_account';

export type WaItem =
  | { kind: 'status'; numberId: string; wabaId: string; display: string; data: Record<string, unknown> }
  | { kind: 'message'; numberId: string; wabaId: string; display: string; data: Record<string, unknown>; contact: Record<string, unknown> | null }
  | { kind: 'change'; wabaId: string; field: string; value: Record<string, unknown> };

export type MessagingObject = 'instagram' | 'page';
export type MessagingItem = { kind: 'messaging'; object: MessagingObject; entryId: string; event: Record<string, unknown>; standby?: boolean };

export type WebhookItem = WaItem | MessagingItem;

export interface StatusBilling {
  /** pricing.category: utility, marketing, authentication, service ... */
  category: string;
  /** pricing.type: regular | free_customer_service | free_entry_point */
  type: string;
  /** v23 and lower carry a per-message conversation; v24+ omit it. */
  conversation: { id: string; originType: string; expirationSec: number | null } | null;
}

export interface StatusInput {
  wamid: string;
  status: string;
  timestampSec: number;
  recipientId: string;
  bizOpaque: string | null;
  billing: StatusBilling | null;
  errors: Array<Record<string, unknown>> | null;
}

export function statusObject(s: StatusInput): Record<string, unknown> {
  const o: Record<string, unknown> = { id: s.wamid, status: s.status, timestamp: String(s.timestampSec), recipient_id: s.recipientId };
  if (s.bizOpaque !== null) o.biz_opaque_callback_data = s.bizOpaque;
  if (s.billing) {
    const c = s.billing.conversation;
    if (c) {
      o.conversation = c.expirationSec !== null
        ? { id: c.id, expiration_timestamp: String(c.expirationSec), origin: { type: c.originType } }
        : { id: c.id, origin: { type: c.originType } };
    }
    o.pricing = { billable: s.billing.type === 'regular', pricing_model: 'PMP', type: s.billing.type, category: s.billing.category };
  }
  if (s.errors) o.errors = s.errors;
  return o;
}

export function waEnvelope(items: WaItem[], nowSec: number): Record<string, unknown> {
  type Entry = { id: string; time?: number; changes: Array<Record<string, unknown>>; values: Map<string, Record<string, unknown>> };
  const entries = new Map<string, Entry>();
  for (const it of items) {
    let e = entries.get(it.wabaId);
    if (!e) entries.set(it.wabaId, (e = { id: it.wabaId, changes: [], values: new Map() }));
    if (it.kind === 'change') {
      e.time = nowSec;
      e.changes.push({ field: it.field, value: it.value });
      continue;
    }
    let v = e.values.get(it.numberId);
    if (!v) {
      v = { messaging_product: 'whatsapp', metadata: { display_phone_number: it.display, phone_number_id: it.numberId } };
      e.values.set(it.numberId, v);
      e.changes.push({ field: 'messages', value: v });
    }
    if (it.kind === 'status') ((v.statuses ??= []) as unknown[]).push(it.data);
    else {
      if (it.contact) {
        const contacts = (v.contacts ??= []) as Array<Record<string, unknown>>;
        if (!contacts.some((c) => c.wa_id === it.contact!.wa_id)) contacts.push(it.contact);
      }
      ((v.messages ??= []) as unknown[]).push(it.data);
    }
  }
  return {
    object: WA_OBJECT,
    entry: [...entries.values()].map((e) => (e.time !== undefined ? { id: e.id, time: e.time, changes: e.changes } : { id: e.id, changes: e.changes })),
  };
}

export function messagingEnvelope(object: MessagingObject, items: MessagingItem[], nowMs: number): Record<string, unknown> {
  type Entry = { id: string; time: number; messaging?: Array<Record<string, unknown>>; standby?: Array<Record<string, unknown>> };
  const entries = new Map<string, Entry>();
  for (const it of items) {
    let e = entries.get(it.entryId);
    if (!e) entries.set(it.entryId, (e = { id: it.entryId, time: nowMs }));
    // Meta leaves out the array an entry has nothing in: a standby-only entry has no messaging[].
    (it.standby ? (e.standby ??= []) : (e.messaging ??= [])).push(it.event);
  }
  return { object, entry: [...entries.values()] };
}
