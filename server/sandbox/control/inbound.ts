// POST /control/inbound: a customer writes to a business. Builds Meta's payload for the type,
// records the message (opens the service window, counts toward the number's throughput like
// Meta does) and queues the webhook.
import { normRecipient } from '../knobs.ts';
import { record } from '../rate-window.ts';
import { displayDigits } from '../registry.ts';
import type { SandboxState } from '../state.ts';
import { buildMessagingEvent, isCustomerMessage, opensWindow, typeAllowed } from '../webhooks/inbound-messaging.ts';
import { buildWaInbound } from '../webhooks/inbound-wa.ts';
import type { z } from 'zod';
import type { messagingInboundSchema, waInboundSchema } from './schemas.ts';
import type { Reply } from './templates.ts';

const notFound = (what: string): Reply => ({ status: 404, body: { error: { message: what } } });

export function emitWaInbound(sb: SandboxState, b: z.infer<typeof waInboundSchema>): Reply {
  const n = sb.registry.number(b.phone_number_id);
  if (!n) return notFound(`unknown phone_number_id ${b.phone_number_id} (register it with POST /control/numbers)`);
  const now = sb.now();
  const from = normRecipient(b.from);
  const k = sb.knobs.forId(n.id);
  const { message, contact } = buildWaInbound(
    {
      type: b.type,
      from,
      name: b.name ?? 'Sandbox Customer',
      text: b.text ?? null,
      timestampSec: b.timestamp ?? Math.floor(now / 1000),
      wamid: sb.ids.inboundWamid(from),
      businessDigits: displayDigits(n),
      lastOutbound: sb.lastOutboundTo(n.id, from),
      fields: (b as Record<string, unknown>)[b.type],
      context: b.context ?? null,
      referral: b.referral ?? null,
      newWaId: b.new_wa_id ?? null,
    },
    sb.ids,
  );
  // The window runs from the message's own time, so a test can emit yesterday's message.
  if (b.type !== 'system') sb.noteInbound(n.id, from, b.timestamp !== undefined ? b.timestamp * 1000 : now);
  if (k.throughputLimit !== null) record(sb.throughput.get(n.id, k.throughputLimit, 1000, now), now);
  const target = sb.target(k);
  if (target) sb.batcher.enqueue(target, { kind: 'message', numberId: n.id, wabaId: n.wabaId, display: displayDigits(n), data: message, contact }, now);
  if (target && b.flush) sb.batcher.flush();
  return { status: 200, body: { id: message.id, message, contact, webhook: target ? 'queued' : 'no_webhook_url' } };
}

export function emitMessagingInbound(sb: SandboxState, b: z.infer<typeof messagingInboundSchema>): Reply {
  const acct = sb.registry.accounts.get(b.account_id) ?? (sb.registry.autoRegister ? sb.registry.addAccount({ id: b.account_id, platform: b.channel }, true) : null);
  if (!acct) return notFound(`unknown account_id ${b.account_id} (register it with POST /control/accounts)`);
  if (acct.platform !== b.channel) return { status: 400, body: { error: { message: `account ${acct.id} is ${acct.platform}, not ${b.channel}` } } };
  if (!typeAllowed(acct.platform, b.type)) return { status: 400, body: { error: { message: `type ${b.type} does not exist on ${acct.platform}` } } };
  const now = sb.now();
  const customerLast = sb.lastCustomerMessageOf(acct.id, b.from);
  const event = buildMessagingEvent({
    platform: acct.platform,
    accountId: acct.id,
    from: b.from,
    type: b.type,
    text: b.text ?? null,
    timestampMs: b.timestamp ?? now,
    mid: acct.platform === 'instagram' ? sb.ids.igMid(acct.id) : sb.ids.messengerMid(),
    lastOutbound: sb.lastOutboundTo(acct.id, b.from),
    customerLast,
    url: b.url ?? null,
    fields: b.fields ?? {},
  });
  // The window runs from the event's own time, so a test can emit yesterday's message.
  if (opensWindow(b.type)) sb.noteInbound(acct.id, b.from, b.timestamp ?? now);
  const message = event.message as { mid?: unknown } | undefined;
  if (isCustomerMessage(b.type) && typeof message?.mid === 'string') sb.noteCustomerMessage(acct.id, b.from, message.mid);
  if (b.type === 'message_edit' && customerLast) customerLast.edits++;
  const target = sb.target(sb.knobs.forId(acct.id));
  const object = acct.platform === 'instagram' ? 'instagram' : 'page';
  if (target) sb.batcher.enqueue(target, { kind: 'messaging', object, entryId: acct.id, event, standby: b.standby === true }, now);
  if (target && b.flush) sb.batcher.flush();
  return { status: 200, body: { event, standby: b.standby === true, webhook: target ? 'queued' : 'no_webhook_url' } };
}
