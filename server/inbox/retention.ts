import type { AppContext } from '../context.ts';
import { deleteNotificationsBefore } from '../notifications/queries.ts';
import { deleteProcessedEventsBefore } from '../webhooks/queries.ts';

export const RETENTION_JOB = 'maintenance.retention';
const DAY = 24 * 3600 * 1000;
export const RETENTION_DAYS = { messages: 90, notifications: 30, webhookEvents: 7 };
const CHUNK = 5000;

/** Deletes in chunks so a large backlog never holds one huge transaction or lock. */
async function deleteInChunks(ctx: AppContext, table: string, column: string, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await ctx.db.raw(
      `delete from ?? where id in (select id from ?? where ?? < ? limit ${CHUNK})`,
      [table, table, column, before],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < CHUNK) return total;
  }
}

/** Daily: messages and status logs after 90 days, notifications after 30, processed webhooks after 7. */
export async function runRetention(ctx: AppContext, now = new Date()): Promise<Record<string, number>> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const result = {
    messages: await deleteInChunks(ctx, 'messages', 'created_at', ago(RETENTION_DAYS.messages)),
    messageStatusLogs: await deleteInChunks(ctx, 'message_status_logs', 'received_at', ago(RETENTION_DAYS.messages)),
    notifications: await deleteNotificationsBefore(ctx.db, ago(RETENTION_DAYS.notifications)),
    webhookEvents: await deleteProcessedEventsBefore(ctx.db, ago(RETENTION_DAYS.webhookEvents)),
  };
  ctx.logger.info(result, 'retention applied');
  return result;
}
