import type { AppContext } from '../context.ts';
import type { GraphFailure } from '../channels/whatsapp/errors.ts';
import { dayInZone } from '../lib/time.ts';
import { graphFor, handleGraphFailure, tokenOf } from '../numbers/service.ts';
import type { NumberRow } from '../numbers/queries.ts';
import { publishChange } from '../realtime/hub.ts';
import { completeCampaign, failCampaign, preflightProblem, stopCampaign, type CampaignRow } from './lifecycle.ts';
import { buildTemplateMessage } from './payload.ts';
import { claimReadyBatch, queueCounts, recordOutcomes, type ClaimedContact, type Outcomes } from './queries.ts';
import { applyResults, DEFAULT_RATE_CONFIG, initialRateState, rollDay, type RateConfig, type RateState, type SendResult } from './rate-controller.ts';
import { nextRetryDelay } from './retry.ts';

// One number's sender, the hot path: every tick (1 s) claim up to the current rate -> pace the
// sends evenly (one slot every 1000/rate ms) -> send on the keep-alive pool -> record outcomes in batches.
// Ticks do not wait for the previous tick's responses, so latency does not eat into the rate.
// Exactly one runs per number across all processes (runner.ts holds an advisory lock).

/**
 * Sends go out at 98% of the rate: timers fire late, never early, so a stall of a few ms makes
 * late sends land in the next second together with the on-time ones; this headroom keeps any
 * sliding second under the rate Meta enforces.
 */
const PACING_HEADROOM = 0.98;

type Number = NumberRow & { max_send_rate_per_sec: number; last_stable_rate_per_sec: number | null; rate_state: RateState | null };

export interface SenderOptions {
  tickMs?: number;
  rateConfig?: RateConfig;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runNumberSender(ctx: AppContext, numberId: string, shouldStop: () => boolean, opts: SenderOptions = {}): Promise<void> {
  const tickMs = opts.tickMs ?? 1000;
  const cfg = opts.rateConfig ?? DEFAULT_RATE_CONFIG;
  const inFlight = new Set<Promise<void>>();
  let rate: RateState | null = null;
  let campaign: CampaignRow | null = null;
  let halted = false; // token expired: stop claiming until the number is fixed
  // One send slot every 1000/rate ms, continuing across ticks: a late claim never turns into a
  // burst, so no 1-second window sees more than the rate (Meta counts a sliding second).
  let nextSlot = 0;

  while (!shouldStop() && !halted) {
    const tickStart = Date.now();
    const number: Number | undefined = await ctx.db('phone_numbers').where({ id: numberId }).whereNull('deleted_at').first();
    if (!number?.is_active) break;
    campaign = await currentCampaign(ctx, numberId);
    if (!campaign) break;

    rate ??= number.rate_state ?? { ...initialRateState(today(ctx), tickStart, cfg), rate: number.max_send_rate_per_sec };
    rate = rollDay(rate, today(ctx), tickStart, cfg).state;
    const limit = Math.max(1, Math.floor((rate.rate * tickMs) / 1000));
    const batch = await claimReadyBatch(ctx.db, campaign.id, limit);
    if (!batch.length) {
      if (!inFlight.size) {
        const q = await queueCounts(ctx.db, campaign.id);
        if (q.ready === 0 && q.processing === 0) await completeCampaign(ctx, campaign);
      }
      await sleep(tickStart + tickMs - Date.now());
      continue;
    }
    const c = campaign;
    const gap = 1000 / (rate.rate * PACING_HEADROOM);
    const slots = batch.map(() => {
      const at = Math.max(nextSlot, Date.now());
      nextSlot = at + gap;
      return at;
    });
    const p = sendBatch(ctx, number, batch, slots).then(async ({ outcomes, results, authFailure }) => {
      await recordOutcomes(ctx.db, c.id, outcomes);
      rate = applyResults(rate!, results, Date.now(), cfg).state;
      await persistRate(ctx, numberId, rate);
      if (authFailure) {
        halted = true;
        await handleGraphFailure(ctx, number, authFailure);
        await stopCampaign(ctx, c.workspace_id, c.id, 'the WhatsApp access token expired; update it, then Resume').catch(() => {});
      }
      await publishChange(ctx.db, { workspaceId: c.workspace_id, topic: 'campaigns', action: 'update', id: c.id });
    });
    const tracked = p.catch((err) => ctx.logger.error({ err, campaignId: c.id }, 'recording send outcomes failed')).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    await sleep(tickStart + tickMs - Date.now());
  }
  await Promise.all(inFlight);
}

const today = (ctx: AppContext) => dayInZone(new Date(), ctx.config.APP_TIMEZONE);

async function persistRate(ctx: AppContext, numberId: string, s: RateState): Promise<void> {
  await ctx.db('phone_numbers').where({ id: numberId }).update({ max_send_rate_per_sec: s.rate, last_stable_rate_per_sec: s.lastStableRate, rate_state: JSON.stringify(s) });
}

/** The running campaign of the number, else the next queued one (oldest first) after pre-flight. */
async function currentCampaign(ctx: AppContext, numberId: string): Promise<CampaignRow | null> {
  const running = await ctx.db('campaigns').where({ number_id: numberId, status: 'running' }).orderBy('started_at').first();
  if (running) return running;
  for (;;) {
    const next: CampaignRow | undefined = await ctx.db('campaigns')
      .where({ number_id: numberId, status: 'queued' })
      .orderByRaw('coalesce(scheduled_at, created_at), created_at')
      .first();
    if (!next) return null;
    const problem = await preflightProblem(ctx.db, next.id);
    if (problem) {
      await failCampaign(ctx, next, problem);
      continue;
    }
    const [started] = await ctx.db('campaigns').where({ id: next.id, status: 'queued' }).update({ status: 'running', started_at: ctx.db.raw('coalesce(started_at, now())'), updated_at: ctx.db.fn.now() }).returning('*');
    if (started) {
      await publishChange(ctx.db, { workspaceId: started.workspace_id, topic: 'campaigns', action: 'update', id: started.id });
      return started;
    }
  }
}

/** Sends a claimed batch spread evenly over the tick and sorts the outcomes. */
async function sendBatch(ctx: AppContext, number: Number, batch: ClaimedContact[], slots: number[]) {
  const graph = graphFor(ctx, number.is_sandbox);
  const token = tokenOf(ctx, number);
  const outcomes: Outcomes = { sent: [], failed: [], retry: [], requeue: [] };
  const results: SendResult[] = [];
  let authFailure: GraphFailure | null = null;
  await Promise.all(
    batch.map(async (row, i) => {
      await sleep(slots[i]! - Date.now());
      const payload = buildTemplateMessage(
        { name: row.template_name, language: row.template_language, components: row.template_components },
        row.phone,
        row.media_url,
        row.variables,
      );
      if (!payload.ok) {
        outcomes.failed.push({ id: row.contact_id, code: null, title: payload.reason });
        return;
      }
      if (authFailure) {
        outcomes.requeue.push(row.contact_id);
        return;
      }
      const r = await graph.sendMessage(number.phone_number_id, token, payload.body);
      if (r.ok) {
        outcomes.sent.push({ id: row.contact_id, wamid: r.wamid });
        results.push('ok');
        return;
      }
      results.push(r.kind === 'throughput' ? 'throttled' : 'error');
      if (r.kind === 'auth') {
        authFailure = r;
        outcomes.requeue.push(row.contact_id);
        return;
      }
      const delay = nextRetryDelay(r, row.attempts);
      if (delay === null) outcomes.failed.push({ id: row.contact_id, code: r.code, title: r.reason });
      else outcomes.retry.push({ id: row.contact_id, delaySeconds: delay, code: r.code, title: r.reason });
    }),
  );
  return { outcomes, results, authFailure: authFailure as GraphFailure | null };
}
