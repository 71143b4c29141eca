import cron, { type ScheduledTask } from 'node-cron';
import type PgBoss from 'pg-boss';
import type { AppContext } from '../context.ts';

/** A recurring job: node-cron in the app time zone offers it to pg-boss as a singleton. */
export interface ScheduledJob {
  name: string;
  cron: string;
  run: (ctx: AppContext) => Promise<void>;
}

/** An on-demand job queue with its handler (payload per job). */
export interface QueueJob {
  name: string;
  run: (ctx: AppContext, data: any) => Promise<void>;
}

/** Queues must exist before anything sends to them, in web processes too. */
export async function createQueues(ctx: AppContext, scheduled: ScheduledJob[], queues: QueueJob[]): Promise<void> {
  for (const job of scheduled) await ctx.boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 3, retryDelay: 60 });
  for (const job of queues) await ctx.boss.createQueue(job.name, { name: job.name, policy: 'standard' });
}

/**
 * Each process ticks node-cron, but the tick only *offers* a pg-boss job under one singleton
 * key per slot; the 'singleton' queue policy allows one active job at a time. So several app
 * processes never run a maintenance job twice, and a job missed by a dead process still runs.
 */
export async function startWorkers(ctx: AppContext, scheduled: ScheduledJob[], queues: QueueJob[]): Promise<() => void> {
  const tasks: ScheduledTask[] = [];
  for (const job of scheduled) {
    await ctx.boss.work(job.name, async () => {
      await job.run(ctx);
    });
    tasks.push(
      cron.schedule(job.cron, () => void offerSingleton(ctx.boss, job.name).catch((err) => ctx.logger.error({ err, job: job.name }, 'could not enqueue scheduled job')), {
        timezone: ctx.config.APP_TIMEZONE,
      }),
    );
  }
  for (const job of queues) {
    await ctx.boss.work(job.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const j of jobs) {
        try {
          await job.run(ctx, j.data);
        } catch (err) {
          // pg-boss records the failure and retries; the log says what failed and why.
          ctx.logger.error({ job: job.name, jobId: j.id, data: j.data, err: err instanceof Error ? err.message : String(err) }, 'job failed');
          throw err;
        }
      }
    });
  }
  return () => tasks.forEach((t) => t.stop());
}

export function offerSingleton(boss: PgBoss, name: string): Promise<string | null> {
  return boss.send(name, {}, { singletonKey: name, singletonSeconds: 60 });
}
