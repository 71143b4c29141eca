import PgBoss from 'pg-boss';
import { DB_TIMEOUTS } from '../db/knex.ts';
import type { Logger } from '../lib/logger.ts';

export async function startBoss(connectionString: string, logger: Logger): Promise<PgBoss> {
  // Bounded connect and pool wait, so a stalled database fails its polls instead of piling them
  // up. pg-boss hands its whole config to pg.Pool, though its types do not list this option.
  const options: PgBoss.ConstructorOptions & { connectionTimeoutMillis: number } = {
    connectionString,
    schema: 'pgboss',
    application_name: 'parley-boss',
    max: 4,
    connectionTimeoutMillis: DB_TIMEOUTS.connectMs,
  };
  const boss = new PgBoss(options);
  boss.on('error', (err: Error & { code?: string }) => logger.error({ message: err.message, code: err.code }, 'pg-boss error'));
  await boss.start();
  return boss;
}

export async function bossReady(boss: PgBoss): Promise<boolean> {
  try {
    await boss.getQueues();
    return true;
  } catch {
    return false;
  }
}
