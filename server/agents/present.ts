import { z } from 'zod';
import { iso, isoOrNull } from '../http/present.ts';
import type { AgentRow, PreviousAgentRow, ReplyLogRow, RuleRow, RuleWithStatsRow } from './queries.ts';

// Rules, agents, the reply log and the fallback replies as the API shows them: camelCase, with
// the same names the request bodies use (numberId, matchMode, promptId...). The frontend imports
// these types.

export const ruleView = z.object({
  id: z.string(),
  /** null: the rule answers on every account. */
  numberId: z.string().nullable(),
  name: z.string(),
  keywords: z.array(z.string()),
  /** any: one keyword is enough (OR); all: every keyword must appear (AND). */
  matchMode: z.enum(['any', 'all']),
  /** null: the rule only hands over (the team's handover message is sent). */
  reply: z.string().nullable(),
  /** Hands the conversation over to a person. */
  handsOver: z.boolean(),
  /** Higher wins when several rules match. */
  priority: z.number(),
  isEnabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RuleView = z.infer<typeof ruleView>;

export const ruleListItemView = ruleView.extend({
  /** How many replies this rule sent. */
  matchedCount: z.number(),
  lastMatchedAt: z.string().nullable(),
});
export type RuleListItemView = z.infer<typeof ruleListItemView>;
export const ruleListView = z.object({ items: z.array(ruleListItemView) });
export type RuleListView = z.infer<typeof ruleListView>;

export const agentView = z.object({
  id: z.string(),
  numberId: z.string(),
  name: z.string(),
  mode: z.enum(['system_prompt', 'openai_prompt']),
  /** Empty in openai_prompt mode. */
  systemPrompt: z.string(),
  promptId: z.string().nullable(),
  /** null: the prompt's current version. */
  promptVersion: z.string().nullable(),
  promptVariables: z.record(z.string(), z.string()),
  /** Sent when the LLM fails; null means stay silent. */
  fallbackMessage: z.string().nullable(),
  isEnabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AgentView = z.infer<typeof agentView>;

/** An agent replaced by another prompt or removed. */
export const previousAgentView = agentView.pick({ id: true, name: true, mode: true, promptId: true, promptVersion: true, createdAt: true }).extend({ archivedAt: z.string() });
export type PreviousAgentView = z.infer<typeof previousAgentView>;

export const accountAgentView = z.object({
  agent: agentView.nullable(),
  /** Newest first, at most 20. */
  previous: z.array(previousAgentView),
});
export type AccountAgentView = z.infer<typeof accountAgentView>;

export const savedAgentView = z.object({
  agent: agentView,
  /** True when a new agent replaced the old one (another prompt or mode). */
  created: z.boolean(),
  archivedConversations: z.number(),
});
export type SavedAgentView = z.infer<typeof savedAgentView>;

export const removedAgentView = z.object({ archivedConversations: z.number() });
export type RemovedAgentView = z.infer<typeof removedAgentView>;

export const replyLogView = z.object({
  /** A bigint, as a string. */
  id: z.string(),
  numberId: z.string(),
  conversationId: z.string(),
  inboundMessageId: z.string(),
  /** rule, agent, fallback (the agent's, when the LLM failed), default (the fallback reply) or none. */
  source: z.string(),
  ruleId: z.string().nullable(),
  /** The rule's name; null for other sources or a deleted rule. */
  ruleName: z.string().nullable(),
  agentId: z.string().nullable(),
  /** sent, send_failed, cap_reached, no_credits, llm_failed, window_closed, quiet_period... */
  outcome: z.string(),
  detail: z.string().nullable(),
  replyMessageId: z.string().nullable(),
  llmMs: z.number().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  creditsCharged: z.number(),
  createdAt: z.string(),
});
export type ReplyLogView = z.infer<typeof replyLogView>;
export const replyLogListView = z.object({ items: z.array(replyLogView) });

export const fallbackRepliesView = z.object({
  /** The workspace's default reply. */
  global: z.object({ enabled: z.boolean(), text: z.string() }),
  /** Each account's choice: inherit the workspace's, its own text (custom), or none (off). */
  numbers: z.array(z.object({ numberId: z.string(), mode: z.enum(['inherit', 'custom', 'off']), text: z.string().nullable() })),
});
export type FallbackRepliesView = z.infer<typeof fallbackRepliesView>;

export function presentRule(r: RuleRow): RuleView {
  return {
    id: r.id,
    numberId: r.number_id,
    name: r.name,
    keywords: r.keywords,
    matchMode: r.match_mode,
    reply: r.reply,
    handsOver: r.hands_over,
    priority: r.priority,
    isEnabled: r.is_enabled,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export const presentRuleWithStats = (r: RuleWithStatsRow): RuleListItemView => ({ ...presentRule(r), matchedCount: r.matched_count, lastMatchedAt: isoOrNull(r.last_matched_at) });

export function presentAgent(a: AgentRow): AgentView {
  return {
    id: a.id,
    numberId: a.number_id,
    name: a.name,
    mode: a.mode,
    systemPrompt: a.system_prompt,
    promptId: a.prompt_id,
    promptVersion: a.prompt_version,
    promptVariables: a.prompt_variables,
    fallbackMessage: a.fallback_message,
    isEnabled: a.is_enabled,
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
  };
}

export function presentPreviousAgent(a: PreviousAgentRow): PreviousAgentView {
  return { id: a.id, name: a.name, mode: a.mode, promptId: a.prompt_id, promptVersion: a.prompt_version, createdAt: iso(a.created_at), archivedAt: iso(a.archived_at) };
}

export function presentReplyLog(l: ReplyLogRow): ReplyLogView {
  return {
    id: l.id,
    numberId: l.number_id,
    conversationId: l.conversation_id,
    inboundMessageId: l.inbound_message_id,
    source: l.source,
    ruleId: l.rule_id,
    ruleName: l.rule_name,
    agentId: l.agent_id,
    outcome: l.outcome,
    detail: l.detail,
    replyMessageId: l.reply_message_id,
    llmMs: l.llm_ms,
    inputTokens: l.input_tokens,
    outputTokens: l.output_tokens,
    creditsCharged: l.credits_charged,
    createdAt: iso(l.created_at),
  };
}
