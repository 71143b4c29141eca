import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { findAccount } from '../accounts/queries.ts';
import { currentAgent, type AgentRow, type PreviousAgentRow } from './queries.ts';
import type { AgentInput, RuleInput } from './schema.ts';

/**
 * Saves a number's agent. The same prompt (or the same system-prompt mode) is edited in place and
 * conversations carry on; a different prompt id or mode archives the number's OpenAI
 * conversations and creates a new agent id (seed 000, requirements 2 and 9). Our messages stay.
 */
export async function saveAgent(ctx: AppContext, workspaceId: string, numberId: string, input: AgentInput) {
  if (!(await findAccount(ctx.db, workspaceId, numberId))) throw notFound('No such account');
  return ctx.db.transaction(async (trx) => {
    const current = await trx('agents').where({ number_id: numberId }).whereNull('archived_at').forUpdate().first<AgentRow | undefined>();
    const openai = input.mode === 'openai_prompt';
    // What the caller leaves out stays as it is: a rename must not unpause a paused agent.
    const samePromptAgent = current && current.mode === input.mode && (!openai || current.prompt_id === input.promptId) ? current : undefined;
    const fields = {
      name: input.name,
      mode: input.mode,
      system_prompt: openai ? '' : (input.systemPrompt ?? ''),
      prompt_id: openai ? (input.promptId ?? null) : null,
      prompt_version: openai ? (input.promptVersion !== undefined ? input.promptVersion : (samePromptAgent?.prompt_version ?? null)) : null,
      prompt_variables: JSON.stringify(openai ? (input.promptVariables ?? samePromptAgent?.prompt_variables ?? {}) : {}),
      fallback_message: input.fallbackMessage !== undefined ? input.fallbackMessage || null : (current?.fallback_message ?? null),
      is_enabled: input.enabled ?? current?.is_enabled ?? true,
    };
    const samePrompt = current && current.mode === fields.mode && current.prompt_id === fields.prompt_id;
    if (current && samePrompt) {
      const [agent] = await trx('agents').where({ id: current.id }).update({ ...fields, updated_at: trx.fn.now() }).returning('*');
      return { agent: agent as AgentRow, created: false, archivedConversations: 0 };
    }
    let archivedConversations = 0;
    if (current) {
      archivedConversations = await archiveAgentConversations(trx, current, 'agent_replaced');
      await trx('agents').where({ id: current.id }).update({ archived_at: trx.fn.now(), updated_at: trx.fn.now() });
    }
    const [agent] = await trx('agents').insert({ workspace_id: workspaceId, number_id: numberId, ...fields }).returning('*');
    return { agent: agent as AgentRow, created: true, archivedConversations };
  });
}

/** Removes the number's agent (it stops answering); its conversations are archived, history kept. */
export async function deleteAgent(ctx: AppContext, workspaceId: string, numberId: string) {
  if (!(await findAccount(ctx.db, workspaceId, numberId))) throw notFound('No such account');
  return ctx.db.transaction(async (trx) => {
    const current = await trx('agents').where({ number_id: numberId }).whereNull('archived_at').forUpdate().first<AgentRow | undefined>();
    if (!current) throw notFound('This number has no agent');
    const archivedConversations = await archiveAgentConversations(trx, current, 'agent_deleted');
    await trx('agents').where({ id: current.id }).update({ archived_at: trx.fn.now(), is_enabled: false, updated_at: trx.fn.now() });
    return { archivedConversations };
  });
}

/** One conversation_archives row per conversation that had an OpenAI conversation with the agent. */
async function archiveAgentConversations(trx: Knex, agent: AgentRow, reason: string): Promise<number> {
  const { rowCount } = await trx.raw(
    `with moved as (
       update conversations c set openai_conversation_id = null, openai_conversation_used_at = null
         from conversations old
        where old.id = c.id and c.account_id = ? and c.openai_conversation_id is not null
        returning c.id, c.workspace_id, old.agent_id, old.openai_conversation_id)
     insert into conversation_archives (workspace_id, conversation_id, agent_id, openai_conversation_id, reason)
     select workspace_id, id, coalesce(agent_id, ?), openai_conversation_id, ? from moved`,
    [agent.number_id, agent.id, reason],
  );
  return rowCount ?? 0;
}

export async function agentOf(ctx: AppContext, workspaceId: string, numberId: string) {
  if (!(await findAccount(ctx.db, workspaceId, numberId))) throw notFound('No such account');
  const agent = await currentAgent(ctx.db, numberId);
  const previous: PreviousAgentRow[] = await ctx.db('agents').where({ number_id: numberId }).whereNotNull('archived_at').orderBy('archived_at', 'desc').limit(20).select('id', 'name', 'mode', 'prompt_id', 'prompt_version', 'created_at', 'archived_at');
  return { agent: agent ?? null, previous };
}

export const ruleRow = (workspaceId: string, r: Partial<RuleInput>) => {
  const row: Record<string, unknown> = { workspace_id: workspaceId };
  if (r.name !== undefined) row.name = r.name;
  if (r.numberId !== undefined) row.number_id = r.numberId;
  if (r.keywords !== undefined) row.keywords = [...new Set(r.keywords.map((k) => k.trim()))];
  if (r.matchMode !== undefined) row.match_mode = r.matchMode;
  if (r.reply !== undefined) row.reply = r.reply;
  if (r.handsOver !== undefined) row.hands_over = r.handsOver;
  if (r.priority !== undefined) row.priority = r.priority;
  if (r.enabled !== undefined) row.is_enabled = r.enabled;
  return row;
};
