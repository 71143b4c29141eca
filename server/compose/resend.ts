import type { AccountRow } from '../accounts/queries.ts';
import { accessOf, handleAccountFailure } from '../accounts/service.ts';
import { MEDIA_TYPES, type MediaType, type OutgoingContent, type SendResult } from '../channels/channel.ts';
import { CHANNEL_ADAPTERS } from '../channels/registry.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { statusColumns } from '../inbox/status.ts';
import { replyWindow, sendAllowed } from './window.ts';

// The inbox's Retry of a person's failed message (agents/retry-reply.ts claims it): a text or a
// file, sent again as the customer's window allows now (Instagram and Messenger tag it
// HUMAN_AGENT after 24 hours), quoting what it quoted. Outside the window nothing is sent: the
// message stays failed and the answer says why.

export interface FailedHumanMessage {
  id: string;
  conversation_id: string;
  type: string;
  body: string | null;
  payload: unknown;
  context_external_id: string | null;
}

export const isMediaType = (t: string): t is MediaType => (MEDIA_TYPES as readonly string[]).includes(t);

export async function resendHumanMessage(ctx: AppContext, account: AccountRow, customerId: string, m: FailedHumanMessage): Promise<SendResult & { attempts: number }> {
  const last = await ctx.db('messages').where({ conversation_id: m.conversation_id, direction: 'inbound' }).max('sent_at as at').first();
  const w = replyWindow(account.channel, last?.at ? new Date(last.at) : null, new Date());
  const allowed = sendAllowed(account.channel, w, isMediaType(m.type) ? 'media' : 'text');
  if (!allowed.ok) {
    await ctx.db('messages').where({ id: m.id }).update({ ...statusColumns('failed'), error_title: 'Outside the messaging window', status_at: ctx.db.fn.now() });
    throw new HttpError(422, allowed.code, allowed.message);
  }
  const adapter = CHANNEL_ADAPTERS[account.channel];
  const r = await adapter.sendMessage(accessOf(ctx, account), customerId, contentOf(m), { humanAgent: allowed.humanAgent, replyTo: adapter.replyContext ? m.context_external_id : null });
  if (!r.ok) await handleAccountFailure(ctx, account, r);
  return { ...r, attempts: 1 };
}

/** The content back from the row: its text, or its file from the payload the send recorded (send.ts). */
function contentOf(m: FailedHumanMessage): OutgoingContent {
  if (!isMediaType(m.type)) return { kind: 'text', text: m.body ?? '' };
  const p = (m.payload ?? {}) as { link?: string; filename?: string; attachments?: Array<{ url?: string }> };
  const url = p.link ?? p.attachments?.[0]?.url ?? '';
  return { kind: 'media', mediaType: m.type, url, caption: m.body, filename: p.filename ?? null };
}
