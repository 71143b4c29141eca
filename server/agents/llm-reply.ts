import type { AppContext } from '../context.ts';
import { llmClient, type FunctionTool, type LlmAnswer, type LlmClient, type LlmResult, type LlmUsage } from '../llm/client.ts';
import type { LlmSettings } from '../settings/llm.ts';
import { recentTurns, templatesBefore, type AgentRow } from './queries.ts';

// The agent's answer to one inbound text: mode (a) system prompt + the last 10 messages with the
// global model, or mode (b) the number's OpenAI dashboard prompt inside one OpenAI conversation
// per customer conversation, recreated after 21 idle days (our own message history is kept).

export const CONTEXT_MESSAGES = 10;
export const OPENAI_CONVERSATION_IDLE_DAYS = 21;

export interface ConversationRef {
  id: string;
  workspace_id: string;
  agent_id: string | null;
  openai_conversation_id: string | null;
  openai_conversation_used_at: Date | null;
}

/** `handover`: the model asked for a person (its reason); `text` may then be empty. */
export type AgentAnswer = LlmResult<{ text: string; usage: LlmUsage; ms: number; handover: { reason: string } | null }>;

// Offered on every call: the agent hands the customer to the team when they ask for a person or
// when it cannot help (reply.ts pauses the bots and tells the team).
export const HANDOVER_TOOL: FunctionTool = {
  name: 'hand_over_to_human',
  description: 'Hand this conversation to a human member of the team. Call it when the customer asks to talk to a person, or when you cannot help them yourself.',
  parameters: { type: 'object', properties: { reason: { type: 'string', description: 'Why, in a few words' } }, required: ['reason'], additionalProperties: false },
};

/** True when an OpenAI conversation last used at `usedAt` has been idle too long to reuse. */
export function conversationIsIdle(usedAt: Date | null, now: Date, idleDays = OPENAI_CONVERSATION_IDLE_DAYS): boolean {
  return !!usedAt && now.getTime() - usedAt.getTime() >= idleDays * 86_400_000;
}

export async function askAgent(ctx: AppContext, settings: LlmSettings & { apiKey: string }, agent: AgentRow, conv: ConversationRef, message: { id: string; body: string }, now: Date): Promise<AgentAnswer> {
  const llm = llmClient({ apiKey: settings.apiKey, baseUrl: settings.baseUrl });
  const started = Date.now();
  let result: LlmResult<LlmAnswer>;
  if (agent.mode === 'system_prompt') {
    const turns = await recentTurns(ctx.db, conv.id, message.id, CONTEXT_MESSAGES);
    result = await llm.reply({ model: settings.model, instructions: agent.system_prompt, turns, tools: [HANDOVER_TOOL] });
  } else {
    result = await askWithPrompt(ctx, llm, agent, conv, message, now);
  }
  if (!result.ok) return result;
  const call = result.calls.find((c) => c.name === HANDOVER_TOOL.name);
  if (!call && !result.text) return { ok: false, status: null, message: 'the model called no known function and returned no text', conversationGone: false };
  const reason = call && typeof call.arguments === 'object' && call.arguments && typeof (call.arguments as { reason?: unknown }).reason === 'string' ? (call.arguments as { reason: string }).reason : 'asked for a person';
  return { ok: true, text: result.text, usage: result.usage, ms: Date.now() - started, handover: call ? { reason: reason.slice(0, 300) } : null };
}

async function askWithPrompt(ctx: AppContext, llm: LlmClient, agent: AgentRow, conv: ConversationRef, message: { id: string; body: string }, now: Date): Promise<LlmResult<LlmAnswer>> {
  const said = await templatesBefore(ctx.db, conv.id, message.id);
  const ask = (conversationId: string) =>
    llm.replyWithPrompt({ promptId: agent.prompt_id!, promptVersion: agent.prompt_version, variables: agent.prompt_variables, conversationId, said, text: message.body, tools: [HANDOVER_TOOL] });
  let openaiId = await reusableConversation(ctx, agent, conv, now);
  if (!openaiId) {
    const created = await openConversation(ctx, llm, agent, conv, now);
    if (!created.ok) return created;
    openaiId = created.id;
  }
  let result = await ask(openaiId);
  if (!result.ok && result.conversationGone) {
    // Deleted or expired on OpenAI's side: archive our pointer and start a fresh one, once.
    await archiveOpenAiConversation(ctx, conv, openaiId, 'gone_at_openai');
    const created = await openConversation(ctx, llm, agent, conv, now);
    if (!created.ok) return created;
    openaiId = created.id;
    result = await ask(openaiId);
  }
  if (!result.ok) return result;
  // The function call stays in the OpenAI conversation unanswered, and OpenAI refuses to go on
  // from there: when the bot resumes after the handover, it starts a fresh one.
  if (result.calls.length) await archiveOpenAiConversation(ctx, { ...conv, agent_id: agent.id }, openaiId, 'handover');
  else await ctx.db('conversations').where({ id: conv.id }).update({ openai_conversation_used_at: now });
  return result;
}

/** The conversation's OpenAI conversation if it belongs to this agent and is not idle; else archives it. */
async function reusableConversation(ctx: AppContext, agent: AgentRow, conv: ConversationRef, now: Date): Promise<string | null> {
  if (!conv.openai_conversation_id) return null;
  const stale = conv.agent_id !== agent.id ? 'agent_changed' : conversationIsIdle(conv.openai_conversation_used_at, now) ? 'idle_21_days' : null;
  if (!stale) return conv.openai_conversation_id;
  await archiveOpenAiConversation(ctx, conv, conv.openai_conversation_id, stale);
  return null;
}

async function openConversation(ctx: AppContext, llm: LlmClient, agent: AgentRow, conv: ConversationRef, now: Date): Promise<LlmResult<{ id: string }>> {
  const created = await llm.createConversation({ parley_conversation_id: conv.id, parley_agent_id: agent.id });
  if (!created.ok) return created;
  await ctx.db('conversations').where({ id: conv.id }).update({ agent_id: agent.id, openai_conversation_id: created.id, openai_conversation_used_at: now });
  return created;
}

export async function archiveOpenAiConversation(ctx: AppContext, conv: Pick<ConversationRef, 'id' | 'workspace_id' | 'agent_id'>, openaiId: string, reason: string): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    await trx('conversation_archives').insert({ workspace_id: conv.workspace_id, conversation_id: conv.id, agent_id: conv.agent_id, openai_conversation_id: openaiId, reason });
    await trx('conversations').where({ id: conv.id, openai_conversation_id: openaiId }).update({ openai_conversation_id: null, openai_conversation_used_at: null });
  });
}
