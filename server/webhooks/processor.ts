import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { noEvents, type ChannelEvents } from '../channels/channel.ts';
import { channelForWebhookObject } from '../channels/registry.ts';
import { applyTemplateWebhooks } from '../templates/sync.ts';
import { ingestEvents, type IngestResult } from '../inbox/ingest.ts';
import { applyStrandedStatuses } from '../inbox/statuses.ts';
import { notify } from '../notifications/service.ts';
import { publish } from '../events/bus.ts';
import type { DomainEvent } from '../events/types.ts';
import { applyItemByItem, isTransient } from './item-by-item.ts';
import { lockDueEvents, markEventFailed, markEventsDone, type ClaimedEvent } from './queries.ts';

// Stored webhook events -> inbox rows. A batch is locked, applied and marked done in one
// transaction; if that fails the events are retried one by one, and an event that fails alone is
// applied item by item, parking only the items that fail (item-by-item.ts). An event that cannot
// be applied at all (a transient fault, or every item failing) is retried with backoff (its error
// recorded on the row), then marked 'dead' with a notification.

const RETRY_SECONDS = [5, 30, 120, 600, 1800, 3600, 3 * 3600];
const SWEEP_MS = 1000;

export interface ProcessorOptions {
  batchSize?: number;
  idleMs?: number;
}

export function startWebhookProcessor(ctx: AppContext, opts: ProcessorOptions = {}): () => Promise<void> {
  const batchSize = opts.batchSize ?? 1000;
  const idleMs = opts.idleMs ?? 100;
  let stopped = false;
  let lastSweep = 0;
  const loop = (async () => {
    while (!stopped) {
      let handled = 0;
      try {
        handled = await processDueEvents(ctx, batchSize);
        if (Date.now() - lastSweep > SWEEP_MS) {
          lastSweep = Date.now();
          await announceStranded(ctx, await applyStrandedStatuses(ctx.db));
        }
      } catch (err) {
        ctx.logger.error({ err }, 'webhook processor iteration failed');
      }
      if (handled < batchSize && !stopped) await ctx.wake.webhooks.wait(idleMs);
    }
  })();
  return async () => {
    stopped = true;
    ctx.wake.webhooks.notify();
    await loop;
  };
}

export async function processDueEvents(ctx: AppContext, limit: number): Promise<number> {
  let ids: string[] = [];
  try {
    const result = await ctx.db.transaction(async (trx) => {
      const events = await lockDueEvents(trx, limit);
      ids = events.map((e) => e.id);
      if (!events.length) return null;
      const applied = await applyEvents(ctx, trx, events);
      await markEventsDone(trx, ids);
      return applied;
    });
    if (result) await announce(ctx, result);
  } catch {
    // Rolled back: retry each event alone so that one bad event cannot hold back the rest.
    for (const id of ids) await processOne(ctx, id);
  }
  return ids.length;
}

async function processOne(ctx: AppContext, id: string): Promise<void> {
  try {
    const result = await ctx.db.transaction(async (trx) => {
      const [event] = await lockDueEvents(trx, 1, id);
      if (!event) return null;
      const applied = await applyEvents(ctx, trx, [event]);
      await markEventsDone(trx, [id]);
      return applied;
    });
    if (result) await announce(ctx, result);
  } catch (err) {
    if (isTransient(err)) return recordFailure(ctx, id, err);
    try {
      const result = await applyItemByItem(ctx, id);
      if (result) await announce(ctx, result);
    } catch (itemErr) {
      await recordFailure(ctx, id, itemErr);
    }
  }
}

/** Each event's body through the channel its `object` names, then every channel's events at once. */
export function eventsOf(events: Array<Pick<ClaimedEvent, 'object' | 'body'>>): ChannelEvents {
  const all = noEvents();
  for (const e of events) {
    const parsed = channelForWebhookObject(e.object)?.parseWebhook(e.body);
    if (!parsed) continue; // an object no channel speaks (stored, verified, nothing to apply)
    for (const key of Object.keys(all) as Array<keyof ChannelEvents>) (all[key] as unknown[]).push(...parsed[key]);
  }
  return all;
}

export async function applyEvents(ctx: AppContext, trx: Knex, events: ClaimedEvent[]): Promise<Applied> {
  const parsed = eventsOf(events);
  const inbox = await ingestEvents(trx, parsed);
  const templateWorkspaces = parsed.templateEvents.length ? await applyTemplateWebhooks(ctx, trx, parsed.templateEvents) : new Set<string>();
  return { inbox, templateWorkspaces };
}

export interface Applied {
  inbox: IngestResult;
  templateWorkspaces: Set<string>;
}

/** After the batch committed: what it changed goes to the subscribers (events/subscribers.ts). */
async function announce(ctx: AppContext, { inbox, templateWorkspaces }: Applied): Promise<void> {
  if (inbox.unknownAccounts.size) ctx.logger.debug({ accounts: [...inbox.unknownAccounts] }, 'webhook for accounts not connected here');
  await publish(ctx, [...inbox.events, ...[...templateWorkspaces].map((workspaceId) => ({ type: 'templates.changed' as const, workspaceId }))]);
}

/** The sweep's statuses span its workspaces: each refreshes the views whose rows moved. */
async function announceStranded(ctx: AppContext, { messages, contacts, workspaces }: Awaited<ReturnType<typeof applyStrandedStatuses>>): Promise<void> {
  await publish(ctx, workspaces.flatMap((workspaceId): DomainEvent[] => [
    ...(messages ? [{ type: 'message.status' as const, workspaceId }] : []),
    ...(contacts ? [{ type: 'campaign.changed' as const, workspaceId, campaignId: null, action: 'update' as const }] : []),
  ]));
}

async function recordFailure(ctx: AppContext, id: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const failed = await markEventFailed(ctx.db, id, message, RETRY_SECONDS);
  ctx.logger.error({ eventId: id, attempts: failed?.attempts, dead: failed?.dead, err: message }, 'webhook event processing failed');
  if (failed?.dead) {
    await notify(ctx, {
      workspaceId: ctx.defaultWorkspaceId,
      type: 'webhook_failed',
      title: 'A webhook event could not be processed',
      message: `Event ${id} failed ${failed.attempts} times: ${message.slice(0, 300)}`,
      relatedEntityType: 'webhook_event',
      relatedEntityId: id,
    });
  }
}
