import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { SUBSCRIBERS } from './subscribers.ts';
import type { DomainEvent } from './types.ts';

// Publishing: each subscriber gets the events it declared, in one call per batch. A subscriber's
// failure is logged and never reaches the writer: the change itself is committed and durable.

export async function publish(ctx: AppContext, events: DomainEvent[]): Promise<void> {
  if (!events.length) return;
  for (const s of SUBSCRIBERS) {
    const mine = events.filter((e) => s.events.includes(e.type));
    if (!mine.length) continue;
    try {
      await s.handle(ctx, mine);
    } catch (err) {
      ctx.logger.warn({ err, subscriber: s.name }, 'event subscriber failed');
    }
  }
}

/**
 * Publishes once `trx` has committed (never for a rollback); outside a transaction, at once.
 * For writers deep inside a transaction that cannot return their events to the caller.
 */
export function publishAfterCommit(ctx: AppContext, trx: Knex, events: DomainEvent[]): void {
  const committed = (trx as Knex.Transaction).executionPromise;
  if (!committed) {
    void publish(ctx, events);
    return;
  }
  committed.then(() => publish(ctx, events), () => undefined);
}
