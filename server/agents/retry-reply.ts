import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { applyLoggedStatuses } from '../inbox/statuses.ts';
import { recordOutbound } from '../inbox/outbound.ts';
import { findAccount } from '../accounts/queries.ts';
import { presentMessage } from '../inbox/present.ts';
import { MESSAGE_COLUMNS, type MessageRow } from '../inbox/queries.ts';
import { publish } from '../events/bus.ts';
import { deliverText, failedColumns } from './deliver.ts';
import { statusColumns } from '../inbox/status.ts';
import { MEDIA_TYPES } from '../channels/channel.ts';
import { resendHumanMessage } from '../compose/resend.ts';

// The inbox's Retry button: a failed outbound text (an auto-reply Meta refused, synchronously or
// later by webhook) is sent again through the same path as the first time, retries included (a
// person's text or file goes again once, as the window allows now: compose/resend.ts), and
// the same message row carries the outcome: a new id at Meta and 'sent', or the new reason (a text
// a channel splits adds its further parts as messages). The row is first moved from 'failed' to
// 'pending', so two clicks send once and the second gets 409.


export async function retryFailedMessage(ctx: AppContext, workspaceId: string, messageId: string) {
  const [claimed] = await ctx.db('messages')
    .where({ id: messageId, workspace_id: workspaceId, direction: 'outbound', status: 'failed' })
    .where((q) => q.where('type', 'text').whereNotNull('body').orWhere((p) => p.whereIn('type', MEDIA_TYPES).whereNotNull('sent_by_user_id')))
    .update({ ...statusColumns('pending'), error_code: null, error_title: null, status_at: ctx.db.fn.now() })
    .returning(['id', 'account_id', 'conversation_id', 'identity_id', 'type', 'body', 'payload', 'context_external_id', 'sent_by_user_id']);
  if (!claimed) throw await refusal(ctx, workspaceId, messageId);

  const account = await findAccount(ctx.db, workspaceId, claimed.account_id);
  const identity = await ctx.db('contact_identities').where({ id: claimed.identity_id }).first('external_id');
  if (!account || !account.is_active || !identity) {
    await ctx.db('messages').where({ id: claimed.id }).update({ ...statusColumns('failed'), error_title: 'Account removed or inactive', status_at: ctx.db.fn.now() });
    throw new HttpError(409, 'number_unavailable', 'The account that sent this message is removed or inactive; update its token on the Channels page first');
  }
  // A person's message goes again as the window allows now (compose/resend.ts); a bot's as before.
  const sent = claimed.sent_by_user_id ? await resendHumanMessage(ctx, account, identity.external_id, claimed) : await deliverText(ctx, account, identity.external_id, claimed.body);
  const [first, ...more] = sent.sent;
  const [message] = await ctx.db.transaction(async (trx) => {
    // A file keeps its caption where the channel sent it with the file (WhatsApp), else the caption follows as a text.
    const body = first?.media ? first.text || null : first?.text;
    const row = first ? { external_id: first.externalId, body, ...statusColumns('sent'), sent_at: trx.fn.now() } : failedColumns(account.channel, sent as Extract<typeof sent, { ok: false }>);
    const updated = await trx('messages').where({ id: claimed.id }).update({ ...row, status_at: trx.fn.now() }).returning<MessageRow[]>(MESSAGE_COLUMNS);
    if (first) await applyLoggedStatuses(trx, [first.externalId]);
    const scope = { workspaceId, accountId: account.id, channel: account.channel, isTest: account.is_sandbox };
    const by = { sentByUserId: claimed.sent_by_user_id as string | null };
    const rest = more.map((p) => ({ customerId: identity.external_id, externalId: p.externalId as string | null, type: 'text' as const, body: p.text, failure: null as null | { code: number | null; title: string }, ...by }));
    if (first && !sent.ok) {
      const failed = failedColumns(account.channel, sent);
      if (sent.unsent) rest.push({ customerId: identity.external_id, externalId: null, type: 'text', body: sent.unsent, failure: { code: failed.error_code, title: failed.error_title }, ...by });
    }
    await recordOutbound(trx, scope, rest, { conversationId: claimed.conversation_id });
    return updated;
  });
  await publish(ctx, [{ type: 'message.sent', workspaceId, conversationId: claimed.conversation_id }]);
  return { message: presentMessage(message!), attempts: sent.attempts };
}

async function refusal(ctx: AppContext, workspaceId: string, messageId: string): Promise<HttpError> {
  const m = await ctx.db('messages').where({ id: messageId, workspace_id: workspaceId }).first('direction', 'type', 'status');
  if (!m) return notFound('No such message');
  if (m.status !== 'failed') return new HttpError(409, 'not_failed', `Only a failed message can be sent again; this one is ${m.status}`);
  return new HttpError(409, 'not_retryable', 'Only a failed outbound text, or a file a person sent, can be sent again from the inbox (templates are resent by a campaign or from the composer)');
}
