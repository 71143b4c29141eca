import PgBoss from 'pg-boss';
import type { Logger } from '../lib/logger.ts';

export async function startBoss(connectionString: string, logger: Logger): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', application_name: 'parley-boss', max: 4 });
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
