import type { GraphFailure } from '../channels/whatsapp/errors.ts';
import type { AppContext } from '../context.ts';
import { changeCredits, creditBalance } from '../credits/service.ts';
import { applyLoggedStatuses } from '../inbox/ingest.ts';
import { notify } from '../notifications/service.ts';
import { findNumber, type NumberRow } from '../numbers/queries.ts';
import { graphFor, handleGraphFailure, tokenOf } from '../numbers/service.ts';
import { publishChange } from '../realtime/hub.ts';
import { loadLlmSettings } from '../settings/llm.ts';
import { askAgent, type ConversationRef } from './llm-reply.ts';
import { currentAgent, loadRules, type ReplyTask } from './queries.ts';
import { pickRule } from './rule-match.ts';

// One inbound text message answered: a keyword rule if one matches, else the number's agent
// (after the lifetime cap and the credit check), else nothing. Every outcome is logged in
// reply_logs; an AI reply is counted and charged only once Meta accepted it.

const CUSTOMER_WINDOW_MS = 24 * 3600_000;

interface Context {
  task: ReplyTask;
  number: NumberRow;
  conv: ConversationRef & { number_id: string; contact_id: string; customer_phone: string };
  message: { id: string; body: string; sent_at: Date };
}

type LogEntry = { source: 'rule' | 'agent' | 'fallback' | 'none'; outcome: string; detail?: string | null; ruleId?: string; agentId?: string; llmMs?: number; inputTokens?: number | null; outputTokens?: number | null };

export async function answerReplyTask(ctx: AppContext, task: ReplyTask, now = new Date()): Promise<string> {
  const c = await loadContext(ctx, task);
  if (!c) return 'skipped';
  const log = (e: LogEntry) => writeLog(ctx, c, e);
  if (!c.number.is_active) return log({ source: 'none', outcome: 'number_inactive' });
  if (now.getTime() - c.message.sent_at.getTime() > CUSTOMER_WINDOW_MS) return log({ source: 'none', outcome: 'window_closed' });

  const rule = pickRule(await loadRules(ctx.db, task.workspace_id), c.number.id, c.message.body);
  if (rule) return sendAndRecord(ctx, c, rule.reply, { source: 'rule', outcome: 'sent', ruleId: rule.id, detail: rule.name }, 0);

  const agent = await currentAgent(ctx.db, c.number.id);
  if (!agent || !agent.is_enabled) return log({ source: 'none', outcome: 'no_agent' });
  const settings = await loadLlmSettings(ctx, task.workspace_id);
  const used = (await ctx.db('ai_reply_usage').where({ workspace_id: task.workspace_id, customer_phone: c.conv.customer_phone }).first('replies'))?.replies ?? 0;
  if (used >= settings.customerReplyCap) return log({ source: 'agent', agentId: agent.id, outcome: 'cap_reached', detail: `${used} AI replies already sent to this customer` });
  const balance = await creditBalance(ctx.db, task.workspace_id);
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
    return sendAndRecord(ctx, c, agent.fallback_message, { source: 'fallback', outcome: 'sent', agentId: agent.id }, 0);
  }
  const entry: LogEntry = { source: 'agent', outcome: 'sent', agentId: agent.id, llmMs: answer.ms, inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens };
  return sendAndRecord(ctx, c, answer.text, entry, settings.creditsPerReply);
}

async function loadContext(ctx: AppContext, task: ReplyTask): Promise<Context | null> {
  const message = await ctx.db('messages').where({ id: task.message_id }).first('id', 'body', 'type', 'direction', 'sent_at');
  if (!message || message.type !== 'text' || message.direction !== 'inbound' || !message.body) return null;
  const conv = await ctx.db('conversations as c')
    .join('contacts as k', 'k.id', 'c.contact_id')
    .where('c.id', task.conversation_id)
    .first('c.id', 'c.workspace_id', 'c.number_id', 'c.agent_id', 'c.openai_conversation_id', 'c.openai_conversation_used_at', 'c.contact_id', 'k.external_id as customer_phone');
  const number = conv && (await findNumber(ctx.db, task.workspace_id, conv.number_id));
  if (!conv || !number) return null;
  return { task, number, conv, message: { id: message.id, body: message.body, sent_at: new Date(message.sent_at) } };
}

/** Sends the text; on acceptance stores the outbound message, the log and (for AI) the count and charge together. */
async function sendAndRecord(ctx: AppContext, c: Context, text: string, entry: LogEntry, credits: number): Promise<string> {
  const sent = await sendText(ctx, c.number, c.conv.customer_phone, text);
  if (!sent.ok) {
    await handleGraphFailure(ctx, c.number, sent);
    return writeLog(ctx, c, { ...entry, outcome: 'send_failed', detail: `${sent.code ?? ''} ${sent.reason}`.trim() });
  }
  await ctx.db.transaction(async (trx) => {
    const [reply] = await trx('messages')
      .insert({
        workspace_id: c.task.workspace_id,
        number_id: c.number.id,
        conversation_id: c.conv.id,
        contact_id: c.conv.contact_id,
        wamid: sent.wamid,
        direction: 'outbound',
        type: 'text',
        body: text,
        status: 'sent',
        status_rank: 10,
        is_test: c.number.is_sandbox,
        sent_at: trx.fn.now(),
      })
      .returning('id');
    await trx('conversations').where({ id: c.conv.id }).update({ last_message_at: trx.fn.now(), last_message_preview: text.slice(0, 200) });
    const logId = await insertLog(trx, c, { ...entry }, reply.id, credits);
    if (entry.source === 'agent') {
      await trx('ai_reply_usage')
        .insert({ workspace_id: c.task.workspace_id, customer_phone: c.conv.customer_phone, replies: 1, last_reply_at: trx.fn.now() })
        .onConflict(['workspace_id', 'customer_phone'])
        .merge({ replies: trx.raw('ai_reply_usage.replies + 1'), last_reply_at: trx.fn.now() });
    }
    await applyLoggedStatuses(trx, [sent.wamid]);
    // Last, so the balance stripe stays locked only until the commit.
    if (entry.source === 'agent' && credits) await changeCredits(trx, c.task.workspace_id, -credits, 'AI reply', { replyLogId: logId });
  });
  await publishChange(ctx.db, { workspaceId: c.task.workspace_id, topic: 'inbox', action: 'update', id: c.conv.id });
  return `${entry.source}_sent`;
}

async function sendText(ctx: AppContext, number: NumberRow, to: string, text: string) {
  const body = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: text.slice(0, 4096), preview_url: false } };
  const graph = graphFor(ctx, number.is_sandbox);
  const first = await graph.sendMessage(number.phone_number_id, tokenOf(ctx, number), body);
  if (first.ok || !retryOnce(first)) return first;
  await new Promise((r) => setTimeout(r, 1000));
  return graph.sendMessage(number.phone_number_id, tokenOf(ctx, number), body);
}

/** One quick retry for a throttle or a Meta-side hiccup; anything else is final. */
const retryOnce = (f: GraphFailure) => f.kind === 'transient' || f.kind === 'throughput';

async function writeLog(ctx: AppContext, c: Context, e: LogEntry): Promise<string> {
  await insertLog(ctx.db, c, e, null, 0);
  return e.outcome;
}

async function insertLog(db: AppContext['db'], c: Context, e: LogEntry, replyMessageId: string | null, credits: number): Promise<string> {
  const [row] = await db('reply_logs')
    .insert({
      workspace_id: c.task.workspace_id,
      number_id: c.number.id,
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
    .returning('id');
  return row.id;
}

/** One unread notification of a kind at a time: a flood of messages raises it once. */
async function notifyOnce(ctx: AppContext, workspaceId: string, type: string, title: string, message: string, actionUrl: string): Promise<void> {
  const open = await ctx.db('notifications').where({ workspace_id: workspaceId, type, is_read: false }).first('id');
  if (!open) await notify(ctx.db, { workspaceId, type, title, message, actionUrl });
}
