import { z } from 'zod';

const keywords = z.array(z.string().trim().min(1).max(100)).min(1, 'give at least one keyword').max(50);

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  /** null: the rule answers on every number. */
  numberId: z.uuid().nullable(),
  keywords,
  /** any: one keyword is enough (OR); all: every keyword must appear (AND). */
  matchMode: z.enum(['any', 'all']),
  /** What the customer is told; may be null only for a rule that hands over (then the team's handover message is sent). */
  reply: z.string().trim().min(1).max(4096).nullable(),
  /** The rule hands the conversation over to a person: the bots go silent there and the team is told. */
  handsOver: z.boolean(),
  /** Higher wins when several rules match. */
  priority: z.number().int().min(-1000).max(1000),
  enabled: z.boolean(),
};

export const ruleBody = z
  .object({
    ...ruleFields,
    numberId: ruleFields.numberId.default(null),
    matchMode: ruleFields.matchMode.default('any'),
    reply: ruleFields.reply.default(null),
    handsOver: ruleFields.handsOver.default(false),
    priority: ruleFields.priority.default(0),
    enabled: ruleFields.enabled.default(true),
  })
  .refine((v) => v.reply !== null || v.handsOver, { path: ['reply'], message: 'a rule needs a reply unless it hands over to a person' });

/**
 * A patch changes only the fields it names: no defaults here (zod's .partial() would still apply
 * the create schema's), and numberId: null (make the rule global) differs from an absent numberId.
 */
export const rulePatch = z.object(ruleFields).partial().refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const ruleListQuery = z.object({ numberId: z.uuid().optional() });

const variables = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are letters, digits and _'), z.string().max(2000)).refine((v) => Object.keys(v).length <= 30, 'at most 30 variables');

/**
 * The agent of a number. mode system_prompt: the prompt below with the global model and the last
 * 10 messages. mode openai_prompt: a prompt made in the OpenAI dashboard (id, optional pinned
 * version, variables); a different prompt id archives the number's conversations and makes a new agent.
 */
export const agentBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    mode: z.enum(['system_prompt', 'openai_prompt']),
    systemPrompt: z.string().max(20_000).optional(),
    promptId: z.string().trim().regex(/^pmpt_[A-Za-z0-9_-]{1,200}$/, 'an OpenAI prompt id looks like pmpt_…').nullable().optional(),
    promptVersion: z.string().trim().regex(/^\d{1,6}$/, 'a prompt version is a number').nullable().optional(),
    promptVariables: variables.optional(),
    /** Sent when the LLM fails; empty means stay silent. */
    fallbackMessage: z.string().trim().max(4096).nullable().optional(),
    /** Omitted fields keep the current agent's values (a new agent: enabled, no fallback, no variables). */
    enabled: z.boolean().optional(),
  })
  .superRefine((v, issue) => {
    if (v.mode === 'openai_prompt' && !v.promptId) issue.addIssue({ code: 'custom', path: ['promptId'], message: 'promptId is required in openai_prompt mode' });
    if (v.mode === 'system_prompt' && !v.systemPrompt?.trim()) issue.addIssue({ code: 'custom', path: ['systemPrompt'], message: 'systemPrompt is required in system_prompt mode' });
  });

export type AgentInput = z.infer<typeof agentBody>;
export type RuleInput = z.infer<typeof ruleBody>;
