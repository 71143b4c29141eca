import pg from 'pg';
import type { AppContext } from '../context.ts';
import { DEFAULT_RATE_CONFIG } from './rate-controller.ts';
import { runNumberSender, type SenderOptions } from './sender.ts';

// Starts a sender for every number that has work, in every worker process, but a session-level
// advisory lock (one dedicated connection per active number) lets exactly one process own a
// number at a time; if that process dies, its connection closes, the lock frees, another takes over.

const LOCK_CLASS = 0x5041524c; // "PARL"

export function startCampaignRunner(ctx: AppContext, opts: SenderOptions & { scanMs?: number } = {}): () => Promise<void> {
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const scan = async () => {
    if (stopped) return;
    try {
      const rows: Array<{ number_id: string }> = await ctx.db('campaigns').distinct('number_id').whereIn('status', ['queued', 'running']);
      for (const { number_id } of rows) if (!running.has(number_id)) running.set(number_id, own(number_id).finally(() => running.delete(number_id)));
    } catch (err) {
      ctx.logger.error({ err }, 'campaign runner scan failed');
    }
    if (!stopped) timer = setTimeout(scan, opts.scanMs ?? 1000);
  };

  async function own(numberId: string): Promise<void> {
    const lockConn = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'parley-sender' });
    lockConn.on('error', () => {}); // a dropped lock connection ends ownership; the next scan retries
    await lockConn.connect();
    try {
      const { rows } = await lockConn.query('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, numberId]);
      if (!rows[0].ok) return; // another process owns this number
      // Owning the number means whoever claimed its rows before is gone: back to the queue now
      // (the 5-minute recovery job is only the backstop for rows of numbers nobody picks up).
      const { rowCount } = await lockConn.query(
        `update send_queue q set state = 'ready', claimed_at = null
           from campaigns c where c.id = q.campaign_id and c.number_id = $1 and q.state = 'processing'`,
        [numberId],
      );
      if (rowCount) ctx.logger.warn({ numberId, rows: rowCount }, 'rows left in processing by a previous owner returned to the queue');
      await runNumberSender(ctx, numberId, () => stopped, {
        ...opts,
        rateConfig: opts.rateConfig ?? { ...DEFAULT_RATE_CONFIG, increaseWindowMs: ctx.config.RATE_INCREASE_WINDOW_SECONDS * 1000 },
      });
    } catch (err) {
      ctx.logger.error({ err, numberId }, 'number sender failed');
    } finally {
      await lockConn.end().catch(() => {});
    }
  }

  void scan();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await Promise.all(running.values());
  };
}
