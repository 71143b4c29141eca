import type { AppContext } from './context.ts';
import type { RouteDef } from './http/route.ts';
import type { QueueJob, ScheduledJob } from './jobs/schedule.ts';

/**
 * What a feature folder adds to Parley, declared once in its `feature.ts`: its API routes, its
 * recurring and on-demand jobs, and its long-running workers. server/features.ts lists the
 * features; the HTTP app and boot take everything from there.
 */
export interface Feature {
  name: string;
  routes?: (ctx: AppContext) => RouteDef[];
  scheduledJobs?: ScheduledJob[];
  queueJobs?: QueueJob[];
  /**
   * Started in worker processes; each returns its stop. `sends` workers talk to Meta and stop
   * first at shutdown, so nothing new goes out while the rest drains.
   */
  workers?: Array<{ name: string; sends?: boolean; start: (ctx: AppContext) => () => Promise<void> }>;
}
