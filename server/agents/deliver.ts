import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelFailure, SendResult } from '../channels/channel.ts';
import { CHANNEL_ADAPTERS } from '../channels/registry.ts';
import type { AppContext } from '../context.ts';
import type { AccountRow } from '../accounts/queries.ts';
import { accessOf, handleAccountFailure } from '../accounts/service.ts';
import { replyRetryDelayMs } from './send-retry.ts';
import { statusColumns } from '../inbox/status.ts';

// The one send path of an automated text (rule, agent, fallback, or a Retry from the inbox), on
// any channel: the channel's send, retried with backoff on retryable failures (send-retry.ts), and
// what a final refusal leaves on the message: Meta's code and the channel's title for it, never
// Meta's free-text message (error-summary.ts says why).

export type Delivery = SendResult & { attempts: number };

export async function deliverText(ctx: AppContext, account: AccountRow, to: string, text: string, clock: () => number = Date.now): Promise<Delivery> {
  const channel = CHANNEL_ADAPTERS[account.channel];
  const access = accessOf(ctx, account);
  const startedAt = clock();
  let rest = text;
  const sent: Extract<SendResult, { ok: true }>['sent'] = [];
  for (let attempts = 1; ; attempts++) {
    const r = await channel.sendText(access, to, rest);
    sent.push(...r.sent);
    if (r.ok) return { ok: true, sent, attempts };
    rest = r.unsent; // parts that went out before a failure are not sent again
    const delay = replyRetryDelayMs(r, attempts - 1, ctx.config.REPLY_RETRY_BASE_MS, { startedAt, now: clock() });
    if (delay === null) {
      await handleAccountFailure(ctx, account, r);
      return { ...r, sent, attempts };
    }
    ctx.logger.info({ accountId: account.id, code: r.code, kind: r.kind, attempt: attempts, retryInMs: delay }, 'automated send refused; retrying');
    await sleep(delay);
  }
}

/** The columns a refused send leaves on its outbound message. */
export function failedColumns(channel: AccountRow['channel'], f: ChannelFailure) {
  return { ...statusColumns('failed'), error_code: f.code, error_title: CHANNEL_ADAPTERS[channel].failureTitle(f) };
}

/** For reply_logs.detail: code, title and how many attempts were made. */
export const failureDetail = (channel: AccountRow['channel'], d: ChannelFailure & { attempts: number }) =>
  `${failedColumns(channel, d).error_title}${d.code !== null ? ` (${d.code})` : ''} after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
