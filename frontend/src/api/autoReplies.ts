import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';
import type {
  AccountAgentView, AgentView, FallbackRepliesView, RemovedAgentView, RuleListItemView, RuleListView, RuleView, SavedAgentView,
} from '../../../server/agents/present.ts';
import type { CreditsView } from '../../../server/credits/present.ts';
import type { LeadView } from '../../../server/leads/present.ts';
import type { AiStatusView, LlmSettingsView } from '../../../server/settings/present.ts';

// Rules, agents, LLM settings, credits and leads. Rules and agents live under the 'numbers'-
// independent key 'autoReplies'; leads refresh live through the 'leads' topic.

export const AUTO_REPLIES = 'autoReplies';
export const LEADS = 'leads';

// Rule, agent and fallback reply responses are the server's presenters (type-only imports).
export type Rule = RuleListItemView;
export type MatchMode = Rule['matchMode'];

export interface RuleInput {
  name: string;
  numberId: string | null;
  keywords: string[];
  matchMode: MatchMode;
  /** null only when the rule hands over (the handover message is sent instead). */
  reply: string | null;
  handsOver: boolean;
  priority: number;
  enabled: boolean;
}

export type Agent = AgentView;
export type AgentMode = Agent['mode'];

export interface AgentInput {
  name: string;
  mode: AgentMode;
  systemPrompt: string;
  promptId: string | null;
  promptVersion: string | null;
  promptVariables: Record<string, string>;
  fallbackMessage: string | null;
  enabled: boolean;
}

// The settings, credits and leads responses are the server's presenters (type-only imports).
export type LlmSettings = LlmSettingsView;
export type AiStatus = AiStatusView;

export type FallbackReplies = FallbackRepliesView;
export type FallbackMode = FallbackReplies['numbers'][number]['mode'];

export type Lead = LeadView;

export interface LeadFilters {
  numberId: string;
  urgency: string;
  fit: string;
  engagement: string;
  search: string;
}

export function useRules() {
  return useQuery({ queryKey: [AUTO_REPLIES, 'rules'], queryFn: ({ signal }) => api<RuleListView>('/rules', { signal }), select: (d) => d.items });
}

export function useRuleMutations() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: [AUTO_REPLIES, 'rules'] });
  return {
    save: useMutation({
      mutationFn: ({ id, input }: { id: string | null; input: Partial<RuleInput> }) => (id ? api<RuleView>(`/rules/${id}`, { method: 'PATCH', body: input }) : api<RuleView>('/rules', { method: 'POST', body: input })),
      onSettled,
    }),
    remove: useMutation({ mutationFn: (id: string) => api<void>(`/rules/${id}`, { method: 'DELETE' }), onSettled }),
  };
}

export function useAgent(accountId: string) {
  return useQuery({
    queryKey: [AUTO_REPLIES, 'agent', accountId],
    queryFn: ({ signal }) => api<AccountAgentView>(`/accounts/${accountId}/agent`, { signal }),
  });
}

export function useSaveAgent(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AgentInput | null) =>
      input
        ? api<SavedAgentView>(`/accounts/${accountId}/agent`, { method: 'PUT', body: input })
        : api<RemovedAgentView>(`/accounts/${accountId}/agent`, { method: 'DELETE' }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: [AUTO_REPLIES, 'agent', accountId] }), invalidateAiStatus(queryClient)]),
  });
}

export function useLlmSettings() {
  return useQuery({ queryKey: [AUTO_REPLIES, 'llm'], queryFn: ({ signal }) => api<LlmSettings>('/settings/llm', { signal }) });
}

/** Whether AI replies can go out, and why not; every settings change here can move it. */
export function useAiStatus() {
  return useQuery({ queryKey: [AUTO_REPLIES, 'ai-status'], queryFn: ({ signal }) => api<AiStatus>('/settings/ai-status', { signal }), staleTime: 0 });
}

export const invalidateAiStatus = (queryClient: ReturnType<typeof useQueryClient>) => queryClient.invalidateQueries({ queryKey: [AUTO_REPLIES, 'ai-status'] });

export function useFallbackReplies() {
  return useQuery({ queryKey: [AUTO_REPLIES, 'fallback'], queryFn: ({ signal }) => api<FallbackReplies>('/settings/fallback-reply', { signal }) });
}

function useFallbackSaved() {
  const queryClient = useQueryClient();
  return (data: FallbackReplies) => queryClient.setQueryData([AUTO_REPLIES, 'fallback'], data);
}

export function useSaveGlobalFallback() {
  return useMutation({ mutationFn: (body: FallbackReplies['global']) => api<FallbackReplies>('/settings/fallback-reply', { method: 'PUT', body }), onSuccess: useFallbackSaved() });
}

export function useSaveAccountFallback() {
  return useMutation({
    mutationFn: ({ numberId, mode, text }: FallbackReplies['numbers'][number]) => api<FallbackReplies>(`/accounts/${numberId}/fallback-reply`, { method: 'PUT', body: { mode, text: mode === 'custom' ? text : null } }),
    onSuccess: useFallbackSaved(),
  });
}

export function useCredits() {
  return useQuery({
    queryKey: [AUTO_REPLIES, 'credits'],
    queryFn: ({ signal }) => api<CreditsView>('/credits', { signal }),
    staleTime: 0, // every AI reply spends credits; no live topic carries that
  });
}

export function useLeads(filters: LeadFilters) {
  return useQuery({
    queryKey: [LEADS, filters],
    queryFn: ({ signal }) => api<{ items: Lead[] }>(`/leads${qs({ ...filters, limit: 200 })}`, { signal }),
    select: (d) => d.items,
    placeholderData: (previous) => previous,
  });
}
