import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { applyLoggedStatuses } from '../inbox/ingest.ts';
import { findNumber } from '../numbers/queries.ts';
import { publishChange } from '../realtime/hub.ts';
import { deliverText, failedColumns } from './deliver.ts';
import { statusColumns } from '../inbox/status.ts';

// The inbox's Retry button: a failed outbound text (an auto-reply Meta refused, synchronously or
// later by webhook) is sent again through the same path as the first time, retries included, and
// the same message row carries the outcome: a new wamid and 'sent', or the new reason. The row is
// first moved from 'failed' to 'pending', so two clicks send once and the second gets 409.

const MESSAGE_COLUMNS = ['id', 'wamid', 'direction', 'type', 'body', 'payload', 'status', 'error_code', 'error_title', 'is_test', 'sent_at', 'status_at', 'created_at'];

export async function retryFailedMessage(ctx: AppContext, workspaceId: string, messageId: string) {
  const [claimed] = await ctx.db('messages')
    .where({ id: messageId, workspace_id: workspaceId, direction: 'outbound', type: 'text', status: 'failed' })
    .whereNotNull('body')
    .update({ ...statusColumns('pending'), error_code: null, error_title: null, status_at: ctx.db.fn.now() })
    .returning(['id', 'number_id', 'conversation_id', 'contact_id', 'body']);
  if (!claimed) throw await refusal(ctx, workspaceId, messageId);

  const number = await findNumber(ctx.db, workspaceId, claimed.number_id);
  const contact = await ctx.db('contacts').where({ id: claimed.contact_id }).first('external_id');
  if (!number || !number.is_active || !contact) {
    await ctx.db('messages').where({ id: claimed.id }).update({ ...statusColumns('failed'), error_title: 'Number removed or inactive', status_at: ctx.db.fn.now() });
    throw new HttpError(409, 'number_unavailable', 'The number that sent this message is removed or inactive; update its token on the Numbers page first');
  }
  const sent = await deliverText(ctx, number, contact.external_id, claimed.body);
  const [message] = await ctx.db.transaction(async (trx) => {
    const row = sent.ok ? { wamid: sent.wamid, ...statusColumns('sent'), sent_at: trx.fn.now() } : failedColumns(sent);
    const updated = await trx('messages').where({ id: claimed.id }).update({ ...row, status_at: trx.fn.now() }).returning(MESSAGE_COLUMNS);
    if (sent.ok) await applyLoggedStatuses(trx, [sent.wamid]);
    return updated;
  });
  await publishChange(ctx.db, { workspaceId, topic: 'inbox', action: 'update', id: claimed.conversation_id });
  return { message, attempts: sent.attempts };
}

async function refusal(ctx: AppContext, workspaceId: string, messageId: string): Promise<HttpError> {
  const m = await ctx.db('messages').where({ id: messageId, workspace_id: workspaceId }).first('direction', 'type', 'status');
  if (!m) return notFound('No such message');
  if (m.status !== 'failed') return new HttpError(409, 'not_failed', `Only a failed message can be sent again; this one is ${m.status}`);
  return new HttpError(409, 'not_retryable', 'Only a failed outbound text can be sent again from the inbox (templates are resent by a campaign)');
}
