import { z } from 'zod';
import type { LlmSettings } from './llm.ts';

// Settings as the API shows them. The frontend imports these types.

/** The LLM settings without the key: only whether one is set. */
export const llmSettingsView = z.object({
  model: z.string(),
  baseUrl: z.string(),
  apiKeySet: z.boolean(),
  /** Lifetime AI replies per customer, across all accounts; then silence. */
  customerReplyCap: z.number(),
  creditsPerReply: z.number(),
  creditsEnforced: z.boolean(),
});
export type LlmSettingsView = z.infer<typeof llmSettingsView>;

export const llmTestView = z.object({
  ok: z.literal(true),
  /** How many models the server listed. */
  models: z.number(),
  /** Whether the configured model is among them. */
  modelAvailable: z.boolean(),
});
export type LlmTestView = z.infer<typeof llmTestView>;

export const aiStatusView = z.object({
  /** True when nothing below stands in the way of an agent's reply. */
  active: z.boolean(),
  reasons: z.array(
    z.object({
      code: z.enum(['no_api_key', 'no_base_url', 'no_model', 'no_credits', 'no_active_number', 'no_agent']),
      /** What to do about it, for the Settings page. */
      message: z.string(),
    }),
  ),
  /** balance is null when credits are not enforced (it is not read then). */
  credits: z.object({ enforced: z.boolean(), balance: z.number().nullable(), perReply: z.number() }),
  /** Active accounts whose agent answers when the rest allows it. */
  answeringNumbers: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type AiStatusView = z.infer<typeof aiStatusView>;
export type AiStatusReason = AiStatusView['reasons'][number];

export function presentLlmSettings(s: LlmSettings): LlmSettingsView {
  return { model: s.model, baseUrl: s.baseUrl, apiKeySet: !!s.apiKey, customerReplyCap: s.customerReplyCap, creditsPerReply: s.creditsPerReply, creditsEnforced: s.creditsEnforced };
}
