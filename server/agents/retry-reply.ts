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

// The inbox's Retry button: a failed outbound text (an auto-reply Meta refused, synchronously or
// later by webhook) is sent again through the same path as the first time, retries included, and
// the same message row carries the outcome: a new id at Meta and 'sent', or the new reason (a text
// a channel splits adds its further parts as messages). The row is first moved from 'failed' to
// 'pending', so two clicks send once and the second gets 409.


export async function retryFailedMessage(ctx: AppContext, workspaceId: string, messageId: string) {
  const [claimed] = await ctx.db('messages')
    .where({ id: messageId, workspace_id: workspaceId, direction: 'outbound', type: 'text', status: 'failed' })
    .whereNotNull('body')
    .update({ ...statusColumns('pending'), error_code: null, error_title: null, status_at: ctx.db.fn.now() })
    .returning(['id', 'account_id', 'conversation_id', 'identity_id', 'body']);
  if (!claimed) throw await refusal(ctx, workspaceId, messageId);

  const account = await findAccount(ctx.db, workspaceId, claimed.account_id);
  const identity = await ctx.db('contact_identities').where({ id: claimed.identity_id }).first('external_id');
  if (!account || !account.is_active || !identity) {
    await ctx.db('messages').where({ id: claimed.id }).update({ ...statusColumns('failed'), error_title: 'Account removed or inactive', status_at: ctx.db.fn.now() });
    throw new HttpError(409, 'number_unavailable', 'The account that sent this message is removed or inactive; update its token on the Channels page first');
  }
  const sent = await deliverText(ctx, account, identity.external_id, claimed.body);
  const [first, ...more] = sent.sent;
  const [message] = await ctx.db.transaction(async (trx) => {
    const row = first ? { external_id: first.externalId, body: first.text, ...statusColumns('sent'), sent_at: trx.fn.now() } : failedColumns(account.channel, sent as Extract<typeof sent, { ok: false }>);
    const updated = await trx('messages').where({ id: claimed.id }).update({ ...row, status_at: trx.fn.now() }).returning<MessageRow[]>(MESSAGE_COLUMNS);
    if (first) await applyLoggedStatuses(trx, [first.externalId]);
    const scope = { workspaceId, accountId: account.id, channel: account.channel, isTest: account.is_sandbox };
    const rest = more.map((p) => ({ customerId: identity.external_id, externalId: p.externalId as string | null, type: 'text' as const, body: p.text, failure: null as null | { code: number | null; title: string } }));
    if (first && !sent.ok) {
      const failed = failedColumns(account.channel, sent);
      rest.push({ customerId: identity.external_id, externalId: null, type: 'text', body: sent.unsent, failure: { code: failed.error_code, title: failed.error_title } });
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
  return new HttpError(409, 'not_retryable', 'Only a failed outbound text can be sent again from the inbox (templates are resent by a campaign)');
}
