import { z } from 'zod';
import { HttpError, issueList } from '../http/errors.ts';

// The outer shape of a Meta webhook, checked before it is stored: the parts the route and the
// processor walk (entry[], changes[], messaging[], value.messages[], value.statuses[]) must be
// what they claim to be. Contents stay unchecked here (the processor parses each update) so the
// hot path validates only the skeleton of a body that was already parsed once.

const list = z.array(z.unknown());
const change = z.looseObject({
  value: z.looseObject({ messages: list.optional(), statuses: list.optional() }).optional(),
});
const entry = z.looseObject({
  changes: z.array(change).optional(),
  messaging: list.optional(),
});
export const webhookEnvelope = z.looseObject({
  object: z.string(),
  entry: z.array(entry),
});

export type WebhookEnvelope = z.infer<typeof webhookEnvelope>;

/** The envelope, or a 400 invalid_payload naming where the shape is wrong. */
export function parseEnvelope(body: unknown): WebhookEnvelope {
  const parsed = webhookEnvelope.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'body';
  throw new HttpError(400, 'invalid_payload', `Webhook body: ${path}: ${issue.message}`, issueList(parsed.error));
}

/** Updates carried by the event (messages + statuses per change, or 1; plus messaging events). */
export function countUpdates(body: WebhookEnvelope): number {
  let n = 0;
  for (const e of body.entry) {
    for (const c of e.changes ?? []) n += (c.value?.messages?.length ?? 0) + (c.value?.statuses?.length ?? 0) || 1;
    n += e.messaging?.length ?? 0;
  }
  return n;
}
