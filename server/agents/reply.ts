import type { AppContext } from '../context.ts';
import { changeCredits, creditBalance } from '../credits/service.ts';
import { CHANNEL_ADAPTERS } from '../channels/registry.ts';
import { recordOutbound, type OutboundMessage } from '../inbox/outbound.ts';
import { notify } from '../notifications/service.ts';
import { ACCOUNT_COLUMNS, type AccountRow } from '../accounts/queries.ts';
import { PREPARED } from '../db/knex.ts';
import { publish } from '../events/bus.ts';
import { loadLlmSettings } from '../settings/llm.ts';
import { deliverText, failedColumns, failureDetail } from './deliver.ts';
import { defaultReplyDue, fallbackText, lastDefaultReplyAt, loadGlobalFallback, numberFallback } from './fallback.ts';
import { askAgent, type ConversationRef } from './llm-reply.ts';
import { currentAgent, finishReplyTask, loadRules, type ReplyTask } from './queries.ts';
import { pickRule } from './rule-match.ts';
import { asksForHuman, botIsPaused } from '../conversations/handover.ts';
import { handOver, lockConversation } from '../conversations/service.ts';

// One inbound text message answered, on any channel: a keyword rule if one matches, else the account's agent
// (after the lifetime cap and, when credits are enforced, the credit check), else the default
// fallback reply if one applies, else nothing. Every outcome is logged in reply_logs. A reply is
// stored as an outbound message either way: sent, or (after the send retries) failed with Meta's
// reason, for the inbox's Retry button. An AI reply is counted, and charged when credits are
// enforced, only once Meta accepted it.
//
// Handover: nothing answers in a conversation a person handles (the bots' pause, checked again
// just before sending, since an LLM answer takes seconds). A customer asking for a person, a
// rule that hands over, or the agent calling its handover tool pauses the bots and tells the
// team; the customer gets the rule's reply or the team's handover message.
//
// Guards every auto-reply passes first: the account is active, the customer's window for
// automated messages is open (24 h on every channel, measured from the message being answered;
// outside it nothing is sent and the reason is logged), the message was not answered already (a
// task run twice after a crash), and the customer is not one of our own WhatsApp numbers (two
// numbers, or two bots, answering each other forever).

interface Context {
  task: ReplyTask;
  account: AccountRow;
  conv: ConversationRef & { account_id: string; customer_id: string; bot_paused_at: Date | null; bot_resumes_at: Date | null };
  message: { id: string; body: string; sent_at: Date };
  /** The task was deleted with the reply it produced; `more`: its conversation has another task waiting. */
  finished?: { more: boolean };
}

type LogEntry = { source: 'rule' | 'agent' | 'fallback' | 'default' | 'handover' | 'none'; outcome: string; detail?: string | null; ruleId?: string; agentId?: string; llmMs?: number; inputTokens?: number | null; outputTokens?: number | null };

/** Answers the task; `finished`: it was deleted with the reply it sent (null: the caller deletes it). */
export async function answerReplyTask(ctx: AppContext, task: ReplyTask, now = new Date()): Promise<{ outcome: string; finished: { more: boolean } | null }> {
  const c = await loadContext(ctx, task);
  if (!c) return { outcome: 'skipped', finished: null };
  const outcome = await replyTo(ctx, c, now);
  return { outcome, finished: c.finished ?? null };
}

async function replyTo(ctx: AppContext, c: Context & { answered: boolean }, now: Date): Promise<string> {
  const { task } = c;
  const log = (e: LogEntry) => writeLog(ctx, c, e);
  if (!c.account.is_active) return log({ source: 'none', outcome: 'number_inactive' });
  if (now.getTime() - c.message.sent_at.getTime() > CHANNEL_ADAPTERS[c.account.channel].automatedWindowMs) return log({ source: 'none', outcome: 'window_closed' });
  if (c.answered) return 'already_answered';
  if (c.account.channel === 'whatsapp' && (await isOwnNumber(ctx, task.workspace_id, c.conv.customer_id))) return log({ source: 'none', outcome: 'own_number' });
  if (botIsPaused(c.conv, now)) return log({ source: 'none', outcome: 'bot_paused' });
  if (asksForHuman(c.message.body)) return handOverAndTell(ctx, c, null, { source: 'handover', outcome: 'sent', detail: 'customer asked for a person' }, 'customer_request');

  const rule = pickRule(await loadRules(ctx.db, task.workspace_id), c.account.id, c.message.body);
  if (rule?.hands_over) return handOverAndTell(ctx, c, rule.reply, { source: 'rule', outcome: 'sent', ruleId: rule.id, detail: rule.name }, 'rule');
  if (rule) return sendAndRecord(ctx, c, rule.reply!, { source: 'rule', outcome: 'sent', ruleId: rule.id, detail: rule.name }, 0);

  const agent = await currentAgent(ctx.db, c.account.id);
  if (!agent || !agent.is_enabled) return sendDefaultReply(ctx, c, now);
  const settings = await loadLlmSettings(ctx, task.workspace_id);
  const used = (await ctx.db('ai_reply_usage').where({ workspace_id: task.workspace_id, customer_id: c.conv.customer_id }).first('replies'))?.replies ?? 0;
  if (used >= settings.customerReplyCap) return log({ source: 'agent', agentId: agent.id, outcome: 'cap_reached', detail: `${used} AI replies already sent to this customer` });
  const balance = settings.creditsEnforced ? await creditBalance(ctx.db, task.workspace_id) : Infinity;
  if (balance < settings.creditsPerReply) {
    await notifyOnce(ctx, task.workspace_id, 'credits_exhausted', 'Out of credits', `AI replies are paused: ${balance} credits left, ${settings.creditsPerReply} needed per reply. Add credits in Settings.`, '/settings');
    return log({ source: 'agent', agentId: agent.id, outcome: 'no_credits', detail: `balance ${balance}` });
  }

  const apiKey = settings.apiKey;
  if (!apiKey) {
    await notifyOnce(ctx, task.workspace_id, 'llm_not_configured', 'LLM not configured', 'Agents cannot answer: no LLM API key is set. Add it in Settings > LLM.', '/settings');
  }
  const answer = apiKey ? await askAgent(ctx, { ...settings, apiKey }, agent, c.conv, c.message, now) : null;
  if (!answer?.ok) {
    const detail = answer ? answer.message : 'no LLM API key is configured (Settings > LLM)';
    ctx.logger.warn({ conversationId: c.conv.id, agentId: agent.id, status: answer?.status, err: detail }, 'LLM reply failed; no retry');
    await log({ source: 'agent', agentId: agent.id, outcome: answer ? 'llm_failed' : 'llm_not_configured', detail: detail.slice(0, 500) });
    if (!agent.fallback_message) return 'llm_failed';
    return sendAndRecord(ctx, c, agent.fallback_message, { source: 'fallback', outcome: 'sent', agentId: agent.id }, 0, { afterLlm: true });
  }
  const entry: LogEntry = { source: 'agent', outcome: 'sent', agentId: agent.id, llmMs: answer.ms, inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens };
  const credits = settings.creditsEnforced ? settings.creditsPerReply : 0;
  if (answer.handover) return handOverAndTell(ctx, c, answer.text || null, { ...entry, detail: answer.handover.reason }, 'agent', credits);
  return sendAndRecord(ctx, c, answer.text, entry, credits, { afterLlm: true });
}

/**
 * Pauses the bots and tells the team (conversations/service.ts), then says `text` (else the
 * team's handover message, if any) to the customer.
 */
async function handOverAndTell(ctx: AppContext, c: Context, text: string | null, entry: LogEntry, reason: 'rule' | 'agent' | 'customer_request', credits = 0): Promise<string> {
  const settings = await ctx.db.transaction(async (trx) => handOver(ctx, trx, await lockConversation(trx, c.task.workspace_id, c.conv.id), reason, entry.detail ?? null));
  const say = text ?? settings.handoverMessage;
  if (!say) return writeLog(ctx, c, { ...entry, outcome: 'handed_over' });
  return sendAndRecord(ctx, c, say, entry, say === text ? credits : 0);
}

async function sendDefaultReply(ctx: AppContext, c: Context, now: Date): Promise<string> {
  const text = fallbackText(await loadGlobalFallback(ctx.db, c.task.workspace_id), await numberFallback(ctx.db, c.account.id));
  if (!text) return writeLog(ctx, c, { source: 'none', outcome: 'no_agent' });
  const last = await lastDefaultReplyAt(ctx.db, c.conv.id);
  if (!defaultReplyDue(last, now)) return writeLog(ctx, c, { source: 'default', outcome: 'quiet_period', detail: `default reply already sent at ${last!.toISOString()}` });
  return sendAndRecord(ctx, c, text, { source: 'default', outcome: 'sent' }, 0);
}

async function isOwnNumber(ctx: AppContext, workspaceId: string, phone: string): Promise<boolean> {
  const row = await ctx.db('channel_accounts')
    .where({ workspace_id: workspaceId, channel: 'whatsapp' })
    .whereNull('deleted_at')
    .whereRaw(`regexp_replace(coalesce(display_phone_number, ''), '\\D', '', 'g') = ?`, [phone])
    .first('id');
  return !!row;
}

/**
 * The task's message, its conversation (with the customer's id), its live account and whether it
 * was answered already (a task run twice after a crash), in one read. Null when there is nothing
 * to answer.
 */
async function loadContext(ctx: AppContext, task: ReplyTask): Promise<(Context & { answered: boolean }) | null> {
  const { rows } = await ctx.db
    .raw(
      `select m.body, m.type, m.direction, m.sent_at,
              c.id, c.workspace_id, c.account_id, c.agent_id, c.openai_conversation_id, c.openai_conversation_used_at, c.bot_paused_at, c.bot_resumes_at,
              k.external_id as customer_id,
              exists (select 1 from reply_logs l where l.inbound_message_id = m.id and l.outcome in ('sent', 'send_failed', 'handed_over')) as answered,
              ${ACCOUNT_COLUMNS.map((col) => `a.${col} as "account.${col}"`).join(', ')}
         from messages m
         join conversations c on c.id = m.conversation_id
         join contact_identities k on k.id = c.identity_id
         join channel_accounts a on a.id = c.account_id and a.workspace_id = c.workspace_id and a.deleted_at is null
        where m.id = ? and c.id = ? and c.workspace_id = ?`,
      [task.message_id, task.conversation_id, task.workspace_id],
    )
    .options(PREPARED);
  const row = rows[0];
  if (!row || row.type !== 'text' || row.direction !== 'inbound' || !row.body) return null;
  const account = Object.fromEntries(ACCOUNT_COLUMNS.map((col) => [col, row[`account.${col}`]])) as unknown as AccountRow;
  const conv = {
    id: row.id, workspace_id: row.workspace_id, account_id: row.account_id, agent_id: row.agent_id, openai_conversation_id: row.openai_conversation_id,
    openai_conversation_used_at: row.openai_conversation_used_at, bot_paused_at: row.bot_paused_at, bot_resumes_at: row.bot_resumes_at, customer_id: row.customer_id,
  };
  return { task, account, conv, message: { id: task.message_id, body: row.body, sent_at: new Date(row.sent_at) }, answered: row.answered };
}

/**
 * Sends the text (with retries) and records it in the conversation either way (outbound.ts): sent,
 * with the log and (for AI) the count and charge in the same transaction; or failed, with Meta's
 * reason. A channel that splits a long text records each part as a message.
 */
async function sendAndRecord(ctx: AppContext, c: Context, text: string, entry: LogEntry, credits: number, opts: { afterLlm?: boolean } = {}): Promise<string> {
  // A person may have answered while the LLM was thinking: then the bot stays silent. (A rule's
  // or the default answer follows the read of the pause by a moment.)
  if (opts.afterLlm && (await pausedNow(ctx, c.conv.id))) return writeLog(ctx, c, { ...entry, outcome: 'bot_paused' });
  const sent = await deliverText(ctx, c.account, c.conv.customer_id, text);
  const parts: OutboundMessage[] = sent.sent.map((p) => ({ customerId: c.conv.customer_id, externalId: p.externalId, type: 'text', body: p.text }));
  if (!sent.ok) {
    const failed = failedColumns(c.account.channel, sent);
    parts.push({ customerId: c.conv.customer_id, externalId: null, type: 'text', body: sent.unsent, failure: { code: failed.error_code, title: failed.error_title } });
  }
  const scope = { workspaceId: c.task.workspace_id, accountId: c.account.id, channel: c.account.channel, isTest: c.account.is_sandbox };
  let more = false;
  await ctx.db.transaction(async (trx) => {
    more = await finishReplyTask(trx, c.task.id); // the task ends in the reply's own commit
    const recorded = await recordOutbound(trx, scope, parts, { conversationId: c.conv.id });
    const reply = recorded[recorded.length - 1]!;
    if (!sent.ok) {
      await insertLog(trx, c, { ...entry, outcome: 'send_failed', detail: failureDetail(c.account.channel, sent) }, reply.id, 0);
      return;
    }
    const logId = await insertLog(trx, c, entry, reply.id, credits);
    if (entry.source === 'agent') {
      await trx('ai_reply_usage')
        .insert({ workspace_id: c.task.workspace_id, customer_id: c.conv.customer_id, replies: 1, last_reply_at: trx.fn.now() })
        .onConflict(['workspace_id', 'customer_id'])
        .merge({ replies: trx.raw('ai_reply_usage.replies + 1'), last_reply_at: trx.fn.now() });
    }
    // Last, so the balance stripe stays locked only until the commit.
    if (entry.source === 'agent' && credits) await changeCredits(trx, c.task.workspace_id, -credits, 'AI reply', { replyLogId: logId });
  });
  c.finished = { more };
  await publish(ctx, [{ type: 'message.sent', workspaceId: c.task.workspace_id, conversationId: c.conv.id }]);
  return sent.ok ? `${entry.source}_sent` : 'send_failed';
}

async function pausedNow(ctx: AppContext, conversationId: string): Promise<boolean> {
  const row = await ctx.db('conversations').where({ id: conversationId }).first('bot_paused_at', 'bot_resumes_at').options(PREPARED);
  return !!row && botIsPaused(row, new Date());
}

async function writeLog(ctx: AppContext, c: Context, e: LogEntry): Promise<string> {
  await insertLog(ctx.db, c, e, null, 0);
  return e.outcome;
}

async function insertLog(db: AppContext['db'], c: Context, e: LogEntry, replyMessageId: string | null, credits: number): Promise<string> {
  const [row] = await db('reply_logs')
    .insert({
      workspace_id: c.task.workspace_id,
      number_id: c.account.id,
      conversation_id: c.conv.id,
      inbound_message_id: c.message.id,
      source: e.source,
      rule_id: e.ruleId ?? null,
      agent_id: e.agentId ?? null,
      outcome: e.outcome,
      detail: e.detail ?? null,
      reply_message_id: replyMessageId,
      llm_ms: e.llmMs ?? null,
      input_tokens: e.inputTokens ?? null,
      output_tokens: e.outputTokens ?? null,
      credits_charged: credits,
    })
    .returning('id')
    .options(PREPARED);
  return row.id;
}

/** One unread notification of a kind at a time: a flood of messages raises it once. */
async function notifyOnce(ctx: AppContext, workspaceId: string, type: string, title: string, message: string, actionUrl: string): Promise<void> {
  const open = await ctx.db('notifications').where({ workspace_id: workspaceId, type, is_read: false }).first('id');
  if (!open) await notify(ctx, { workspaceId, type, title, message, actionUrl });
}
