import type { AppContext } from '../../context.ts';
import { processDueEvents } from '../../webhooks/processor.ts';

export interface ProcessingSummary {
  rounds: number;
  states: Record<string, number>;
  /** Distinct reasons stored on events that failed, with how many events gave each. */
  errors: Array<{ error: string; events: number }>;
  hung: boolean;
}

/**
 * Runs the real webhook processor over every event the fuzzing stored, until nothing is due or
 * `timeoutMs` passes: accepted garbage must not crash or wedge the processing behind the endpoint.
 */
export async function processStoredWebhooks(ctx: AppContext, timeoutMs: number): Promise<ProcessingSummary> {
  const deadline = Date.now() + timeoutMs;
  let rounds = 0;
  let hung = false;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      hung = true;
      break;
    }
    let timer: NodeJS.Timeout | undefined;
    const handled = await Promise.race([
      processDueEvents(ctx, 200),
      new Promise<null>((r) => (timer = setTimeout(() => r(null), left))),
    ]).finally(() => clearTimeout(timer));
    rounds++;
    if (handled === null) {
      hung = true;
      break;
    }
    if (handled === 0) break;
  }
  const { rows: states } = await ctx.db.raw('select state, count(*)::int as n from webhook_events group by state');
  // pg puts the statement before " - " and its reason after: the reason is what tells bugs apart.
  const { rows: errors } = await ctx.db.raw(
    `select left(regexp_replace(regexp_replace(last_error, '^.* - ', ''), '\\d+', 'N', 'g'), 200) as error, count(*)::int as events
     from webhook_events where last_error is not null group by 1 order by 2 desc`,
  );
  return { rounds, states: Object.fromEntries(states.map((r: { state: string; n: number }) => [r.state, r.n])), errors, hung };
}
