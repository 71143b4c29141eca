import type { AppContext } from '../context.ts';
import { notify } from '../notifications/service.ts';
import { claimReplyTasks, finishReplyTask, recoverStuckReplyTasks, type ReplyTask } from './queries.ts';
import { answerReplyTask } from './reply.ts';

// The reply loop of a worker process: claims the head task of idle conversations, answers up to
// `concurrency` at a time, and sleeps until the webhook processor queues more (or `idleMs`).
// A task that throws (database trouble, a bug) is retried; after MAX_ATTEMPTS it is dropped with
// a notification, so one poisoned message cannot block its conversation forever.

const MAX_ATTEMPTS = 3;
const STUCK_AFTER_SECONDS = 120;

export interface ReplyWorkerOptions {
  concurrency?: number;
  idleMs?: number;
}

export function startReplyWorker(ctx: AppContext, opts: ReplyWorkerOptions = {}): () => Promise<void> {
  const concurrency = opts.concurrency ?? 16;
  const idleMs = opts.idleMs ?? 250;
  const inFlight = new Set<Promise<boolean>>();
  let stopped = false;
  let lastRecovery = 0;
  /** The last claim may have left claimable tasks behind: it was full, or there was no room. */
  let full = false;

  const loop = (async () => {
    while (!stopped) {
      let claimed: ReplyTask[] = [];
      try {
        if (Date.now() - lastRecovery > 30_000) {
          lastRecovery = Date.now();
          const n = await recoverStuckReplyTasks(ctx.db, STUCK_AFTER_SECONDS);
          if (n) ctx.logger.warn({ tasks: n }, 'reply tasks stuck in processing returned to the queue');
        }
        const room = concurrency - inFlight.size;
        if (room > 0) claimed = await claimReplyTasks(ctx.db, room);
        full = claimed.length === Math.max(room, 0);
      } catch (err) {
        ctx.logger.error({ err }, 'claiming reply tasks failed');
      }
      for (const task of claimed) {
        const p: Promise<boolean> = work(ctx, task).then((next) => {
          inFlight.delete(p);
          // The conversation's next message, or tasks a full claim left behind, can be claimed now.
          if (next || full) ctx.wake.replies.notify();
          return next;
        });
        inFlight.add(p);
      }
      // A claim that took less than it could took every task there was: sleep until new ones are
      // queued (the webhook processor and the visitor API wake this loop), one finishes, or idleMs.
      if (!stopped && !(full && claimed.length)) await ctx.wake.replies.wait(idleMs);
    }
    await Promise.all(inFlight);
  })();

  return async () => {
    stopped = true;
    ctx.wake.replies.notify();
    await loop;
  };
}

/** Answers one task; whether its conversation has another task that can be claimed now. */
async function work(ctx: AppContext, task: ReplyTask): Promise<boolean> {
  try {
    const { outcome, finished } = await answerReplyTask(ctx, task);
    ctx.logger.debug({ taskId: task.id, conversationId: task.conversation_id, outcome }, 'reply task done');
    return finished ? finished.more : await finishReplyTask(ctx.db, task.id);
  } catch (err) {
    ctx.logger.error({ err, taskId: task.id, attempts: task.attempts }, 'reply task failed');
    try {
      if (task.attempts < MAX_ATTEMPTS) {
        await ctx.db('reply_tasks').where({ id: task.id }).update({ state: 'pending', claimed_at: null });
        return true;
      }
      const more = await finishReplyTask(ctx.db, task.id);
      await notify(ctx, {
        workspaceId: task.workspace_id,
        type: 'auto_reply_failed',
        title: 'An auto-reply could not be processed',
        message: `Message ${task.message_id} was not answered after ${task.attempts} attempts: ${(err as Error).message?.slice(0, 300)}`,
        actionUrl: `/inbox?c=${task.conversation_id}`,
        relatedEntityType: 'conversation',
        relatedEntityId: task.conversation_id,
      });
      return more;
    } catch (inner) {
      ctx.logger.error({ err: inner, taskId: task.id }, 'could not record the reply task failure; it is recovered later');
      return false;
    }
  }
}
