import type { AppContext } from '../context.ts';
import { creditBalance } from '../credits/service.ts';
import { loadLlmSettings, type LlmSettings } from './llm.ts';
import type { AiStatusReason, AiStatusView } from './present.ts';

// Whether AI (agent) replies can go out right now, and every reason they cannot, computed in one
// place for the Settings page. Rules and the fallback reply do not depend on any of this.

export interface AiStatusInput {
  llm: Pick<LlmSettings, 'apiKey' | 'baseUrl' | 'model' | 'creditsEnforced' | 'creditsPerReply'>;
  /** Read only when credits are enforced. */
  balance: number | null;
  numbers: Array<{ id: string; name: string; isActive: boolean; agent: 'on' | 'off' | 'none' }>;
}

export function aiReplyStatus(input: AiStatusInput): AiStatusView {
  const { llm, balance, numbers } = input;
  const reasons: AiStatusReason[] = [];
  if (!llm.apiKey) reasons.push({ code: 'no_api_key', message: 'No LLM API key is set: add one under LLM below (or OPENAI_API_KEY in the environment).' });
  if (!llm.baseUrl.trim()) reasons.push({ code: 'no_base_url', message: 'No LLM base URL is set.' });
  if (!llm.model.trim()) reasons.push({ code: 'no_model', message: 'No LLM model is set.' });
  if (llm.creditsEnforced && (balance ?? 0) < llm.creditsPerReply) {
    reasons.push({ code: 'no_credits', message: `Credits are enforced and the balance (${balance ?? 0}) is below the ${llm.creditsPerReply} a reply costs: add credits or turn enforcement off.` });
  }
  const active = numbers.filter((n) => n.isActive);
  const answering = active.filter((n) => n.agent === 'on');
  if (!active.length) reasons.push({ code: 'no_active_number', message: 'No active channel account: connect one on the Channels page (or update an expired token).' });
  else if (!answering.length) reasons.push({ code: 'no_agent', message: 'No active number has an agent switched on: set one on the Agents page.' });
  return {
    active: reasons.length === 0,
    reasons,
    credits: { enforced: llm.creditsEnforced, balance, perReply: llm.creditsPerReply },
    answeringNumbers: answering.map((n) => ({ id: n.id, name: n.name })),
  };
}

export async function loadAiStatus(ctx: AppContext, workspaceId: string): Promise<AiStatusView> {
  const llm = await loadLlmSettings(ctx, workspaceId);
  const rows: Array<{ id: string; display_name: string; is_active: boolean; agent_enabled: boolean | null }> = await ctx.db('channel_accounts as n')
    .leftJoin('agents as a', (j) => j.on('a.number_id', 'n.id').andOnNull('a.archived_at'))
    .where('n.workspace_id', workspaceId)
    .whereNull('n.deleted_at')
    .orderBy('n.created_at')
    .select('n.id', 'n.display_name', 'n.is_active', 'a.is_enabled as agent_enabled');
  return aiReplyStatus({
    llm,
    balance: llm.creditsEnforced ? await creditBalance(ctx.db, workspaceId) : null,
    numbers: rows.map((r) => ({ id: r.id, name: r.display_name, isActive: r.is_active, agent: r.agent_enabled === null ? 'none' : r.agent_enabled ? 'on' : 'off' })),
  });
}
