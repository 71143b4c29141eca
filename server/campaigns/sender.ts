import type { AppContext } from '../context.ts';
import type { GraphFailure } from '../channels/whatsapp/errors.ts';
import { dayInZone } from '../lib/time.ts';
import { graphFor, handleAccountFailure, tokenOf } from '../accounts/service.ts';
import type { NumberRow } from '../accounts/queries.ts';
import { publish } from '../events/bus.ts';
import { autopauseDecision, observe, type Attempt, type FailureWindow } from './autopause.ts';
import { pauseForFailures } from './guard-apply.ts';
import { SendPacer } from './pacer.ts';
import { completeCampaign, failCampaign, preflightProblem, type CampaignRow } from './lifecycle.ts';
import { buildTemplateMessage } from '../channels/whatsapp/template-payload.ts';
import { claimReadyBatch, queueCounts, recordOutcomes, type ClaimedContact, type Outcomes } from './queries.ts';
import { recordRateSample } from './rate-samples.ts';
import { applyResults, DEFAULT_RATE_CONFIG, initialRateState, rollDay, type RateConfig, type RateState, type SendResult } from './rate-controller.ts';
import { nextRetryDelay } from './retry.ts';
import { renderTemplateText } from './template-text.ts';

// One number's sender, the hot path: every tick (1 s) claim up to the current rate -> pace the
// sends (pacer.ts: evenly, never more than the rate in any sliding second) -> send on the keep-alive pool -> record outcomes in batches.
// Ticks do not wait for the previous tick's responses, so latency does not eat into the rate.
// Exactly one runs per number across all processes (runner.ts holds an advisory lock).

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
  const autopause = { ratio: ctx.config.CAMPAIGN_AUTOPAUSE_FAILURE_RATIO, window: ctx.config.CAMPAIGN_AUTOPAUSE_WINDOW };
  // The failure window of each campaign's current run: a (re)start replaces it, so sends claimed
  // before a Resume do not count against the resumed run.
  const failureWindows = new Map<string, { attempts: FailureWindow }>();
  const pacer = new SendPacer();
  let firing: Promise<void> = Promise.resolve(); // batches fire one after another, never interleaved
  let unfired = 0; // claimed rows still waiting for their slot: claim only what the next tick needs

  while (!shouldStop() && !halted) {
    const tickStart = Date.now();
    const number: Number | undefined = await ctx.db('channel_accounts').where({ id: numberId }).whereNull('deleted_at').first();
    if (!number?.is_active) break;
    campaign = await currentCampaign(ctx, numberId, (id) => failureWindows.set(id, { attempts: [] }));
    if (!campaign) break;

    rate ??= number.rate_state ?? { ...initialRateState(today(ctx), tickStart, cfg), rate: number.max_send_rate_per_sec };
    rate = rollDay(rate, today(ctx), tickStart, cfg).state;
    const limit = Math.max(1, Math.floor((rate.rate * (tickMs + CLAIM_AHEAD_MS)) / 1000)) - unfired;
    const batch = limit > 0 ? await claimReadyBatch(ctx.db, campaign.id, limit) : [];
    if (!batch.length) {
      if (!inFlight.size && limit > 0) {
        const q = await queueCounts(ctx.db, campaign.id);
        if (q.ready === 0 && q.processing === 0) await completeCampaign(ctx, campaign);
      }
      await sleep(tickStart + tickMs - Date.now());
      continue;
    }
    const c = campaign;
    const run = failureWindows.get(c.id) ?? failureWindows.set(c.id, { attempts: [] }).get(c.id)!;
    const perSecond = rate.rate;
    unfired += batch.length;
    const sending = sendBatch(ctx, number, batch, firing, shouldStop, {
      delay: () => pacer.delay(Date.now(), perSecond),
      sent: () => {
        unfired--;
        pacer.sent(Date.now());
      },
    });
    firing = sending.fired;
    const p = sending.done.then(async ({ outcomes, results, attempts, authFailure }) => {
      await recordOutcomes(ctx.db, { campaignId: c.id, workspaceId: c.workspace_id, numberId, isTest: number.is_sandbox }, outcomes);
      rate = applyResults(rate!, results, Date.now(), cfg).state;
      await persistRate(ctx, numberId, rate);
      // a chart sample must never hold up or break sending
      await recordRateSample(ctx.db, c.id, results, rate.rate).catch((err) => ctx.logger.warn({ err, campaignId: c.id }, 'could not record a rate sample'));
      if (authFailure) {
        halted = true;
        await handleAccountFailure(ctx, number, authFailure); // pauses the number's campaigns until the token is replaced
      }
      if (failureWindows.get(c.id) === run) {
        run.attempts = observe(run.attempts, attempts, autopause);
        const trip = autopauseDecision(run.attempts, autopause);
        if (trip) await pauseForFailures(ctx, c, trip.reason);
      }
      // The sends are in the customers' conversations too: one inbox refresh per batch.
      await publish(ctx, [
        { type: 'campaign.changed', workspaceId: c.workspace_id, campaignId: c.id, action: 'update' },
        ...(outcomes.sent.length ? [{ type: 'conversation.changed' as const, workspaceId: c.workspace_id, conversationId: null }] : []),
      ]);
    });
    const tracked = p.catch((err) => ctx.logger.error({ err, campaignId: c.id }, 'recording send outcomes failed')).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    await sleep(tickStart + tickMs - Date.now());
  }
  await Promise.all(inFlight);
}

const today = (ctx: AppContext) => dayInZone(new Date(), ctx.config.APP_TIMEZONE);

async function persistRate(ctx: AppContext, numberId: string, s: RateState): Promise<void> {
  await ctx.db('channel_accounts').where({ id: numberId }).update({ max_send_rate_per_sec: s.rate, last_stable_rate_per_sec: s.lastStableRate, rate_state: JSON.stringify(s) });
}

/** The running campaign of the number, else the next queued one (oldest first) after pre-flight. */
async function currentCampaign(ctx: AppContext, numberId: string, onStart: (campaignId: string) => void): Promise<CampaignRow | null> {
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
      onStart(started.id);
      await publish(ctx, [{ type: 'campaign.changed', workspaceId: started.workspace_id, campaignId: started.id, action: 'update' }]);
      return started;
    }
  }
}

/**
 * Each tick claims this much beyond its own second, so the next batch is in hand before this one
 * has fired even when a claim is slow (tens of ms on a busy database): a batch arriving after the
 * previous one ran out leaves slots unused, and the pacer does not make them up (pacer.ts).
 */
const CLAIM_AHEAD_MS = 300;

/** Timers cannot wait 1 ms reliably; sends due within this many ms go now (the headroom covers it). */
const MIN_SLEEP_MS = 2;

/**
 * Fires a claimed batch at the pacer's slots (after the previous batch fired) and sorts the outcomes.
 * Once `abort` holds (shutdown, or the number's lock was lost) rows not yet fired go back to the
 * queue untouched: only requests already on the wire are this sender's to record.
 */
function sendBatch(ctx: AppContext, number: Number, batch: ClaimedContact[], after: Promise<void>, abort: () => boolean, slot: { delay(): number; sent(): void }) {
  const graph = graphFor(ctx, number.is_sandbox);
  const token = tokenOf(ctx, number);
  const outcomes: Outcomes = { sent: [], failed: [], retry: [], requeue: [] };
  const results: SendResult[] = [];
  const attempts: Attempt[] = []; // for the failure check: null unless failed for good
  let authFailure: GraphFailure | null = null;

  const sendOne = async (row: ClaimedContact): Promise<void> => {
    const payload = buildTemplateMessage(
      { name: row.template_name, language: row.template_language, parameterFormat: row.template_parameter_format, components: row.template_components },
      row.phone,
      { mediaUrl: row.media_url, variables: row.variables, named: row.named_variables },
    );
    if (!payload.ok) {
      outcomes.failed.push({ id: row.contact_id, code: null, title: payload.reason });
      attempts.push({ code: null, title: payload.reason });
      return;
    }
    if (authFailure || abort()) {
      outcomes.requeue.push({ id: row.contact_id, attempts: row.attempts });
      return;
    }
    const r = await graph.sendMessage(number.external_id, token, payload.body);
    if (r.ok) {
      const text = renderTemplateText(row.template_components, row.variables, row.named_variables);
      outcomes.sent.push({ id: row.contact_id, wamid: r.wamid, waId: r.waId ?? row.phone, text, templateName: row.template_name });
      results.push('ok');
      attempts.push(null);
      return;
    }
    results.push(r.kind === 'throughput' ? 'throttled' : 'error');
    if (r.kind === 'auth') {
      authFailure = r;
      outcomes.requeue.push({ id: row.contact_id, attempts: row.attempts });
      return;
    }
    const delay = nextRetryDelay(r, row.attempts);
    if (delay === null) outcomes.failed.push({ id: row.contact_id, code: r.code, title: r.reason });
    else outcomes.retry.push({ id: row.contact_id, delaySeconds: delay, code: r.code, title: r.reason });
    attempts.push(r.retryable ? null : { code: r.code, title: r.reason });
  };

  const inFlight: Promise<void>[] = [];
  const fired = after.then(async () => {
    for (const row of batch) {
      const wait = slot.delay();
      if (wait >= MIN_SLEEP_MS && !abort()) await sleep(wait);
      slot.sent();
      inFlight.push(sendOne(row));
    }
  });
  const done = fired.then(() => Promise.all(inFlight)).then(() => ({ outcomes, results, attempts, authFailure: authFailure as GraphFailure | null }));
  return { fired, done };
}
