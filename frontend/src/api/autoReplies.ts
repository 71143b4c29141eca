import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';
import type { CreditsView } from '../../../server/credits/present.ts';
import type { LeadView } from '../../../server/leads/present.ts';
import type { AiStatusView, LlmSettingsView } from '../../../server/settings/present.ts';

// Rules, agents, LLM settings, credits and leads. Rules and agents live under the 'numbers'-
// independent key 'autoReplies'; leads refresh live through the 'leads' topic.

export const AUTO_REPLIES = 'autoReplies';
export const LEADS = 'leads';

export type MatchMode = 'any' | 'all';

export interface Rule {
  id: string;
  number_id: string | null;
  name: string;
  keywords: string[];
  match_mode: MatchMode;
  reply: string;
  priority: number;
  is_enabled: boolean;
  matched_count: number;
  last_matched_at: string | null;
}

export interface RuleInput {
  name: string;
  numberId: string | null;
  keywords: string[];
  matchMode: MatchMode;
  reply: string;
  priority: number;
  enabled: boolean;
}

export type AgentMode = 'system_prompt' | 'openai_prompt';

export interface Agent {
  id: string;
  number_id: string;
  name: string;
  mode: AgentMode;
  system_prompt: string;
  prompt_id: string | null;
  prompt_version: string | null;
  prompt_variables: Record<string, string>;
  fallback_message: string | null;
  is_enabled: boolean;
  created_at: string;
}

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

export type FallbackMode = 'inherit' | 'custom' | 'off';

export interface FallbackReplies {
  global: { enabled: boolean; text: string };
  numbers: Array<{ numberId: string; mode: FallbackMode; text: string | null }>;
}

export type Lead = LeadView;

export interface LeadFilters {
  numberId: string;
  urgency: string;
  fit: string;
  engagement: string;
  search: string;
}

export function useRules() {
  return useQuery({ queryKey: [AUTO_REPLIES, 'rules'], queryFn: ({ signal }) => api<{ items: Rule[] }>('/rules', { signal }), select: (d) => d.items });
}

export function useRuleMutations() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: [AUTO_REPLIES, 'rules'] });
  return {
    save: useMutation({
      mutationFn: ({ id, input }: { id: string | null; input: Partial<RuleInput> }) => (id ? api<Rule>(`/rules/${id}`, { method: 'PATCH', body: input }) : api<Rule>('/rules', { method: 'POST', body: input })),
      onSettled,
    }),
    remove: useMutation({ mutationFn: (id: string) => api<void>(`/rules/${id}`, { method: 'DELETE' }), onSettled }),
  };
}

export function useAgent(accountId: string) {
  return useQuery({
    queryKey: [AUTO_REPLIES, 'agent', accountId],
    queryFn: ({ signal }) => api<{ agent: Agent | null; previous: Array<Pick<Agent, 'id' | 'name' | 'mode' | 'prompt_id' | 'prompt_version' | 'created_at'> & { archived_at: string }> }>(`/accounts/${accountId}/agent`, { signal }),
  });
}

export function useSaveAgent(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AgentInput | null) =>
      input
        ? api<{ agent: Agent; created: boolean; archivedConversations: number }>(`/accounts/${accountId}/agent`, { method: 'PUT', body: input })
        : api<{ archivedConversations: number }>(`/accounts/${accountId}/agent`, { method: 'DELETE' }),
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
