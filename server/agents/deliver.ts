import { setTimeout as sleep } from 'node:timers/promises';
import { graphErrorTitle, summarizeGraphFailure } from '../channels/whatsapp/error-summary.ts';
import type { GraphFailure } from '../channels/whatsapp/errors.ts';
import type { AppContext } from '../context.ts';
import type { NumberRow } from '../numbers/queries.ts';
import { graphFor, handleGraphFailure, tokenOf } from '../numbers/service.ts';
import { replyRetryDelayMs } from './send-retry.ts';
import { statusColumns } from '../inbox/status.ts';

// The one send path of an auto-reply text (rule, agent, fallback, or a Retry from the inbox):
// the Graph call, retried with backoff on retryable failures (send-retry.ts), and what a final
// refusal leaves on the message: Meta's code and its title from our own list, never Meta's
// free-text message (error-summary.ts says why).

export type Delivery = ({ ok: true; wamid: string } | GraphFailure) & { attempts: number };

export async function deliverText(ctx: AppContext, number: NumberRow, to: string, text: string, clock: () => number = Date.now): Promise<Delivery> {
  const body = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: text.slice(0, 4096), preview_url: false } };
  const graph = graphFor(ctx, number.is_sandbox);
  const startedAt = clock();
  for (let attempts = 1; ; attempts++) {
    const r = await graph.sendMessage(number.phone_number_id, tokenOf(ctx, number), body);
    if (r.ok) return { ok: true, wamid: r.wamid, attempts };
    const delay = replyRetryDelayMs(r, attempts - 1, ctx.config.REPLY_RETRY_BASE_MS, { startedAt, now: clock() });
    if (delay === null) {
      await handleGraphFailure(ctx, number, r);
      return { ...r, attempts };
    }
    ctx.logger.info({ numberId: number.id, code: r.code, kind: r.kind, attempt: attempts, retryInMs: delay }, 'auto-reply send refused; retrying');
    await sleep(delay);
  }
}

/** The columns a refused send leaves on its outbound message. */
export function failedColumns(f: GraphFailure) {
  return { ...statusColumns('failed'), error_code: f.code, error_title: graphErrorTitle(f.code) ?? summarizeGraphFailure(f) };
}

/** For reply_logs.detail: code, title and how many attempts were made. */
export const failureDetail = (d: GraphFailure & { attempts: number }) =>
  `${failedColumns(d).error_title}${d.code !== null ? ` (${d.code})` : ''} after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
