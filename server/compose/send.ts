import type { AccountRow } from '../accounts/queries.ts';
import { findAccount } from '../accounts/queries.ts';
import { accessOf, handleAccountFailure } from '../accounts/service.ts';
import type { Channel, OutgoingContent, SendResult } from '../channels/channel.ts';
import { CHANNEL_ADAPTERS } from '../channels/registry.ts';
import { renderTemplateText } from '../campaigns/template-text.ts';
import type { AppContext } from '../context.ts';
import { lockConversation, pauseBot } from '../conversations/service.ts';
import { publishAfterCommit } from '../events/bus.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { recordOutbound, type OutboundMessage } from '../inbox/outbound.ts';
import { presentMessage } from '../inbox/present.ts';
import { presentReplyWindow, type SentView } from './present.ts';
import { findQuotable, findReplyTarget, findTemplateByName, messagesByIds, type ReplyTarget } from './queries.ts';
import type { ReplyBody } from './schema.ts';
import { forSend, inboxTemplateProblem, templateValues } from './template.ts';
import { replyWindow, sendAllowed } from './window.ts';

// A person's reply from the inbox, on any channel: checked against the customer's window (a 422
// saying when it closed, so the composer can offer a template), sent once through the channel
// adapter (the person sees a refusal at once, with Meta's code and our title, and can Retry), and
// recorded through the one outbound seam with who sent it and what it quotes. A human reply
// silences the bots in the conversation: paused before the send (an answer a bot is about to
// send checks the pause last) and again in the transaction that records it.

export interface Sender {
  workspaceId: string;
  userId: string;
}

/** What is recorded for the main message of a send (the file, the template, or the text). */
type Primary = Pick<OutboundMessage, 'type' | 'body' | 'payload' | 'templateName'>;

export async function sendFromInbox(ctx: AppContext, who: Sender, conversationId: string, input: ReplyBody, now = new Date()): Promise<SentView> {
  const target = await findReplyTarget(ctx.db, who.workspaceId, conversationId);
  if (!target) throw notFound('No such conversation');
  if (target.status === 'archived') throw new HttpError(409, 'conversation_archived', 'This conversation is archived: its account was removed');
  const account = await findAccount(ctx.db, who.workspaceId, target.account_id);
  if (!account || !account.is_active) {
    throw new HttpError(409, 'account_inactive', 'The account of this conversation is removed or inactive; an admin can update its token on the Channels page');
  }
  const adapter = CHANNEL_ADAPTERS[account.channel];
  const window = replyWindow(account.channel, target.last_inbound_at ? new Date(target.last_inbound_at) : null, now);
  const allowed = sendAllowed(account.channel, window, input.template ? 'template' : input.media ? 'media' : 'text');
  if (!allowed.ok) throw new HttpError(422, allowed.code, allowed.message, { window: presentReplyWindow(account.channel, window, adapter.replyContext) });

  let quoted: string | null = null;
  if (input.replyToMessageId) {
    if (!adapter.replyContext) throw new HttpError(422, 'reply_not_supported', `A reply on ${account.channel} cannot quote a message; send it without replyToMessageId`);
    const m = await findQuotable(ctx.db, conversationId, input.replyToMessageId);
    if (!m) throw new HttpError(422, 'reply_target_invalid', 'replyToMessageId is not a sent or received message of this conversation');
    quoted = m.external_id;
  }
  const { content, primary } = await prepare(ctx, who.workspaceId, account, input);

  await ctx.db.transaction(async (trx) => pauseBot(ctx, trx, await lockConversation(trx, who.workspaceId, conversationId), 'human_reply', { userId: who.userId }, now));
  const result = await adapter.sendMessage(accessOf(ctx, account), target.customer_id, content, { humanAgent: allowed.humanAgent, replyTo: quoted });
  if (!result.ok) await handleAccountFailure(ctx, account, result);

  const rows = outboundRows(account.channel, target, content, primary, result, { sentByUserId: who.userId, contextExternalId: quoted });
  const recorded = await ctx.db.transaction(async (trx) => {
    const c = await lockConversation(trx, who.workspaceId, conversationId);
    const ids = await recordOutbound(trx, { workspaceId: who.workspaceId, accountId: account.id, channel: account.channel, isTest: account.is_sandbox }, rows, { conversationId });
    await pauseBot(ctx, trx, c, 'human_reply', { userId: who.userId });
    publishAfterCommit(ctx, trx, [{ type: 'message.sent', workspaceId: who.workspaceId, conversationId }]);
    return ids;
  });
  const messages = (await messagesByIds(ctx.db, recorded.map((r) => r.id))).map(presentMessage);
  return { message: messages[0]!, messages };
}

/** The channel content of the request and what its main message records. */
async function prepare(ctx: AppContext, workspaceId: string, account: AccountRow, input: ReplyBody): Promise<{ content: OutgoingContent; primary: Primary }> {
  if (input.text !== undefined) return { content: { kind: 'text', text: input.text }, primary: { type: 'text', body: input.text } };
  if (input.media) {
    const { type, url } = input.media;
    const caption = input.media.caption || null;
    const filename = type === 'document' ? (input.media.filename ?? null) : null;
    // Stored as the channel's own messages are, so the thread shows them alike.
    const payload = account.channel === 'whatsapp'
      ? { link: url, ...(caption && type !== 'audio' ? { caption } : {}), ...(filename ? { filename } : {}) }
      : { attachments: [{ type: type === 'document' ? 'file' : type, url }], ...(filename ? { filename } : {}) };
    return { content: { kind: 'media', mediaType: type, url, caption, filename }, primary: { type, body: account.channel === 'whatsapp' && type !== 'audio' ? caption : null, payload } };
  }
  const tpl = input.template!;
  const t = account.waba_id ? await findTemplateByName(ctx.db, workspaceId, account.waba_id, tpl.name, tpl.language) : undefined;
  if (!t) throw new HttpError(422, 'unknown_template', `No template ${tpl.name} (${tpl.language}) is synced for this number; sync templates or pick another`);
  if (t.status !== 'APPROVED' || !t.is_active || t.is_quarantined) throw new HttpError(422, 'template_not_sendable', `Template ${t.name} (${t.language}) is not approved and active (status ${t.status})`);
  const problem = inboxTemplateProblem(t);
  if (problem) throw new HttpError(422, 'template_not_supported', problem);
  const checked = templateValues(t, tpl);
  if (!checked.ok) throw new HttpError(422, 'template_values', checked.reason);
  const { values } = checked;
  return {
    content: { kind: 'template', template: forSend(t), values },
    primary: {
      type: 'template',
      body: renderTemplateText(forSend(t).components, values.variables, values.named),
      templateName: t.name,
      payload: { name: t.name, language: t.language, ...(values.mediaUrl ? { header: { type: checked.needs.media, link: values.mediaUrl } } : {}) },
    },
  };
}

/**
 * The messages a send became, in order: its sent parts (the file or template as the main
 * message, further parts as texts), then what did not go out, failed with Meta's code and our
 * title. Only the first quotes the customer's message.
 */
function outboundRows(channel: Channel, target: ReplyTarget, content: OutgoingContent, primary: Primary, r: SendResult, extra: { sentByUserId: string; contextExternalId: string | null }): OutboundMessage[] {
  const rows: OutboundMessage[] = [];
  const add = (m: Omit<OutboundMessage, 'customerId' | 'sentByUserId' | 'contextExternalId'>) =>
    rows.push({ customerId: target.customer_id, sentByUserId: extra.sentByUserId, contextExternalId: rows.length ? null : extra.contextExternalId, ...m });
  const isPrimary = (p: SendResult['sent'][number]) => p.media || content.kind === 'template';
  for (const p of r.sent) add(isPrimary(p) ? { ...primary, externalId: p.externalId } : { type: 'text', body: p.text, externalId: p.externalId });
  if (r.ok) return rows;
  const failure = { code: r.code, title: CHANNEL_ADAPTERS[channel].failureTitle(r) };
  const primaryWent = r.sent.some(isPrimary);
  if (content.kind !== 'text' && !primaryWent) add({ ...primary, body: primary.body ?? (r.unsent || null), externalId: null, failure });
  else if (r.unsent) add({ type: 'text', body: r.unsent, externalId: null, failure });
  return rows;
}
