// POST /{phone-number-id}/messages (WhatsApp Cloud API send, META-PLATFORM 4). Order of checks:
// token (190), body shape (100), template store (132xxx), throughput per number (130429, sliding
// second), pair rate (131056), service window for free-form (131047 sync, or async failed
// status), then accept: wamid + Meta's success shape, and status webhooks scheduled.
import type { Effective } from '../knobs.ts';
import { record, wouldAllow } from '../rate-window.ts';
import { displayDigits, type WaNumber } from '../registry.ts';
import { planStatuses } from '../webhooks/statuses.ts';
import { statusObject } from '../webhooks/payloads.ts';
import { authError, fail, ok, type GraphCtx, type Result } from './context.ts';
import {
  pairRateLimitHit, paramError, REENGAGEMENT, reengagement, throughputReached, UNDELIVERABLE, webhookError,
} from './errors.ts';
import { checkTemplateSend } from './template-send.ts';
import { validateSend, type SendRequest } from './validate.ts';

type AsyncFailure = { code: number; title: string; details: string } | null;

export function sendWhatsApp(ctx: GraphCtx, n: WaNumber, k: Effective): Result {
  const meta = { channel: 'whatsapp' as const, objectId: n.id };
  const auth = authError(ctx, n.tokens, k);
  if (auth) return fail(ctx, auth, meta);
  if (!ctx.parseOk) return fail(ctx, paramError('The parameter messaging_product is required.'), meta);

  const v = validateSend(ctx.parsed);
  if (!v.ok) {
    const to = (ctx.parsed as { to?: unknown } | undefined)?.to;
    return fail(ctx, v.error, { ...meta, recipient: typeof to === 'string' ? to.replace(/\D/g, '') || null : null });
  }
  const send = v.send;
  const m = { ...meta, recipient: send.waId };
  const { sb, now } = ctx;

  let category: string | null = null;
  if (send.template) {
    const tpl = sb.templates.find(n.wabaId, send.template.name, send.template.language);
    const bad = checkTemplateSend(tpl, send.template, k.acceptUnknownTemplates);
    if (bad) return fail(ctx, bad, m);
    category = tpl ? tpl.category.toLowerCase() : 'utility';
  }

  // Both limits are checked before either is charged: a rejected send uses no quota.
  const tw = k.throughputLimit === null ? null : sb.throughput.get(n.id, k.throughputLimit, 1000, now);
  if (tw && !wouldAllow(tw, now)) return fail(ctx, throughputReached(), m);
  const pr = k.pairRateLimit;
  const pw = pr === null ? null : sb.pairs.get(`${n.id}\n${send.waId}`, pr.max, pr.windowMs, now);
  if (pw && !wouldAllow(pw, now)) return fail(ctx, pairRateLimitHit(), m);

  let failure: AsyncFailure = null;
  if (!send.template && !sb.windowOpen(n.id, send.waId, k, now)) {
    if (k.windowErrorMode === 'sync') return fail(ctx, reengagement(), m);
    failure = REENGAGEMENT;
  }
  if (k.undeliverableSet.has(send.waId)) failure = UNDELIVERABLE;

  if (tw) record(tw, now);
  if (pw) record(pw, now);
  const wamid = sb.ids.outboundWamid(send.waId);
  sb.noteOutbound(n.id, send.waId, wamid);
  if (k.statusWebhooks) scheduleStatuses(ctx, n, k, send, wamid, category, failure);

  return ok(
    {
      messaging_product: 'whatsapp',
      contacts: [{ input: send.to, wa_id: send.waId }],
      messages: [send.template ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    },
    { ...m, messageId: wamid },
  );
}

function scheduleStatuses(ctx: GraphCtx, n: WaNumber, k: Effective, send: SendRequest, wamid: string, category: string | null, failure: AsyncFailure): void {
  const { sb, now } = ctx;
  const target = sb.target(k);
  if (!target) return;
  const plan = planStatuses(
    { acceptedAt: now, delays: k.statusDelaysMs, readRate: k.readRate, skipDeliveredRate: k.skipDeliveredRate, outOfOrder: k.outOfOrder, duplicateRate: k.duplicateRate, failed: failure !== null },
    sb.rng,
  );
  const pricingCategory = category ?? 'service';
  const pricingType = category ? 'regular' : 'free_customer_service';
  // v24+ drop `conversation` (META-PLATFORM 2.10); v23 and lower send one per message.
  const conversationId = ctx.major <= 23 ? sb.ids.conversationId() : null;
  const display = displayDigits(n);
  for (const p of plan) {
    const sec = Math.floor(p.eventAt / 1000);
    const data = statusObject({
      wamid,
      status: p.status,
      timestampSec: sec,
      recipientId: send.waId,
      bizOpaque: send.bizOpaque,
      billing: p.billing
        ? {
            category: pricingCategory,
            type: pricingType,
            conversation: conversationId
              ? { id: conversationId, originType: pricingCategory, expirationSec: p.status === 'sent' ? sec + 86_400 : null }
              : null,
          }
        : null,
      errors: failure && p.status === 'failed' ? [webhookError(failure.code, failure.title, failure.details)] : null,
    });
    sb.batcher.enqueue(target, { kind: 'status', numberId: n.id, wabaId: n.wabaId, display, data }, p.dueAt);
  }
}
