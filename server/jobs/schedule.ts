import cron, { type ScheduledTask } from 'node-cron';
import type PgBoss from 'pg-boss';
import type { AppContext } from '../context.ts';

export interface ScheduledJob {
  name: string;
  /** node-cron expression, evaluated in the app time zone. */
  cron: string;
  run: (ctx: AppContext) => Promise<void>;
}

/**
 * Each process ticks node-cron, but the tick only *offers* a pg-boss job under one singleton
 * key per slot; the 'singleton' queue policy allows one active job at a time. So several app
 * processes never run a maintenance job twice, and a job missed by a dead process still runs.
 */
export async function startSchedules(ctx: AppContext, jobs: ScheduledJob[]): Promise<() => void> {
  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    await ctx.boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 3, retryDelay: 60 });
    await ctx.boss.work(job.name, async () => {
      await job.run(ctx);
    });
    tasks.push(
      cron.schedule(job.cron, () => void offerSingleton(ctx.boss, job.name).catch((err) => ctx.logger.error({ err, job: job.name }, 'could not enqueue scheduled job')), {
        timezone: ctx.config.APP_TIMEZONE,
      }),
    );
  }
  return () => tasks.forEach((t) => t.stop());
}

export function offerSingleton(boss: PgBoss, name: string): Promise<string | null> {
  return boss.send(name, {}, { singletonKey: name, singletonSeconds: 60 });
}
