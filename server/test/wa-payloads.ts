// Minimal WhatsApp webhook bodies shaped as in META-PLATFORM.md section 2, for tests.
export const WABA_ID = '102938475610001';

const envelope = (phoneNumberId: string, value: object) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15557654321', phone_number_id: phoneNumberId }, ...value } }] }],
});

export function inboundText(phoneNumberId: string, from: string, wamid: string, body: string, ts = Math.floor(Date.now() / 1000)) {
  return envelope(phoneNumberId, {
    contacts: [{ profile: { name: `Customer ${from.slice(-4)}` }, wa_id: from }],
    messages: [{ from, id: wamid, timestamp: String(ts), type: 'text', text: { body } }],
  });
}

export function inboundMessage(phoneNumberId: string, from: string, message: Record<string, unknown>) {
  return envelope(phoneNumberId, {
    contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
    messages: [{ from, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
  });
}

export function statusUpdates(phoneNumberId: string, statuses: Array<{ wamid: string; status: string; errors?: object[]; ts?: number }>) {
  return envelope(phoneNumberId, {
    statuses: statuses.map((s) => ({
      id: s.wamid,
      status: s.status,
      timestamp: String(s.ts ?? Math.floor(Date.now() / 1000)),
      recipient_id: '919876543210',
      ...(s.errors ? { errors: s.errors } : {}),
    })),
  });
}
