import pg from 'pg';
import type { AppContext } from '../context.ts';
import { settleNumberCampaigns } from './guard-apply.ts';
import { DEFAULT_RATE_CONFIG } from './rate-controller.ts';
import { runNumberSender, type SenderOptions } from './sender.ts';

// Starts a sender for every number that has work, in every worker process, but a session-level
// advisory lock (one dedicated connection per active number) lets exactly one process own a
// number at a time; if that process dies, its connection closes, the lock frees, another takes over.

const LOCK_CLASS = 0x5041524c; // "PARL"

/**
 * Rows a previous owner left in 'processing' go back to the queue this long after the takeover.
 * A previous owner that merely lost its lock connection (still alive) stops firing at once and
 * records the outcomes of the requests already on the wire; waiting lets it do so, so those rows
 * are not sent twice. Only a request still unanswered after this grace can be duplicated.
 */
export const TAKEOVER_GRACE_MS = 5000;

export interface RunnerOptions extends SenderOptions {
  scanMs?: number;
  /** Called after each scan with the numbers it found work for (tests watch what the runner connects for). */
  onScan?: (numberIds: string[]) => void;
}

export function startCampaignRunner(ctx: AppContext, opts: RunnerOptions = {}): () => Promise<void> {
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const scan = async () => {
    if (stopped) return;
    try {
      // A deleted or inactive number gets no sender (it could send nothing): its campaigns are
      // settled instead (ended, or paused until its token works again), so none waits forever.
      await settleNumberCampaigns(ctx);
      const rows: Array<{ number_id: string }> = await ctx.db('campaigns as c')
        .join('channel_accounts as n', 'n.id', 'c.number_id')
        .distinct('c.number_id')
        .whereIn('c.status', ['queued', 'running'])
        .where('n.is_active', true)
        .whereNull('n.deleted_at');
      opts.onScan?.(rows.map((r) => r.number_id));
      for (const { number_id } of rows) if (!running.has(number_id)) running.set(number_id, own(number_id).finally(() => running.delete(number_id)));
    } catch (err) {
      ctx.logger.error({ err }, 'campaign runner scan failed');
    }
    if (!stopped) timer = setTimeout(scan, opts.scanMs ?? 1000);
  };

  async function own(numberId: string): Promise<void> {
    const lockConn = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'parley-sender' });
    // The lock lives exactly as long as this connection: once it errors or ends, another process
    // may own the number, so this sender stops at once (sender.ts requeues what it has not fired).
    let owning = false;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (owning && !stopped) ctx.logger.warn({ numberId, err }, 'lost the number\'s sender lock; stopping its sender');
    };
    lockConn.on('error', onLost);
    lockConn.on('end', () => onLost());
    try {
      await lockConn.connect(); // inside the try: a database that is down is logged, then the next scan retries
      const { rows } = await lockConn.query('select pg_try_advisory_lock($1, hashtext($2)) as ok, now() as at', [LOCK_CLASS, numberId]);
      if (!rows[0].ok) return; // another process owns this number
      owning = true;
      const shouldStop = () => stopped || lost;
      const recovered = requeuePreviousOwnersRows(ctx, numberId, rows[0].at, shouldStop);
      await runNumberSender(ctx, numberId, shouldStop, {
        ...opts,
        rateConfig: opts.rateConfig ?? { ...DEFAULT_RATE_CONFIG, increaseWindowMs: ctx.config.RATE_INCREASE_WINDOW_SECONDS * 1000 },
      });
      await recovered;
    } catch (err) {
      ctx.logger.error({ err, numberId }, 'number sender failed');
    } finally {
      owning = false;
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

/**
 * Owning the number means whoever claimed its rows before is gone or stopping: after the grace,
 * its rows still in 'processing' (claimed before our takeover, so never ours) return to the queue
 * (the 5-minute recovery job is only the backstop for numbers nobody picks up).
 */
async function requeuePreviousOwnersRows(ctx: AppContext, numberId: string, takenAt: Date, shouldStop: () => boolean): Promise<void> {
  const previous = () =>
    ctx.db('send_queue as q')
      .join('campaigns as c', 'c.id', 'q.campaign_id')
      .where({ 'c.number_id': numberId, 'q.state': 'processing' })
      .where('q.claimed_at', '<', takenAt);
  try {
    if (!(await previous().first('q.contact_id'))) return;
    for (const until = Date.now() + TAKEOVER_GRACE_MS; Date.now() < until && !shouldStop(); ) await new Promise((r) => setTimeout(r, 100));
    if (shouldStop()) return; // the next owner does it
    const rowCount = await ctx.db('send_queue')
      .whereIn('contact_id', previous().select('q.contact_id'))
      .where({ state: 'processing' })
      .update({ state: 'ready', claimed_at: null });
    if (rowCount) ctx.logger.warn({ numberId, rows: rowCount }, 'rows left in processing by a previous owner returned to the queue');
  } catch (err) {
    ctx.logger.error({ err, numberId }, 'returning a previous owner\'s rows to the queue failed');
  }
}
