import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';
import { INBOX } from './inbox.ts';
import type { ConversationView } from '../../../server/inbox/present.ts';
import type {
  AgentView, InboxCountsView, LabelView, conversationEventListView, bulkResultView, inboxSettingsView,
} from '../../../server/conversations/present.ts';
import type { z } from 'zod';

// What people do to conversations: state, assignment, the bots' pause, labels, bulk actions, and
// the counters and lists the inbox shows with them. Every key starts with 'inbox', so the live
// 'inbox' topic refreshes them all.

export type Agent = AgentView;
export type Label = LabelView;
export type InboxCounts = InboxCountsView;
export type ConversationEvent = z.infer<typeof conversationEventListView>['items'][number];
export type InboxSettings = z.infer<typeof inboxSettingsView>;
type BulkResult = z.infer<typeof bulkResultView>;

export const useInboxCounts = () =>
  useQuery({ queryKey: [INBOX, 'counts'], queryFn: ({ signal }) => api<InboxCounts>('/inbox/counts', { signal }) });

export const useAgents = () =>
  useQuery({ queryKey: [INBOX, 'agents'], queryFn: async ({ signal }) => (await api<{ items: Agent[] }>('/inbox/agents', { signal })).items });

export const useLabels = () =>
  useQuery({ queryKey: [INBOX, 'labels'], queryFn: async ({ signal }) => (await api<{ items: Label[] }>('/labels', { signal })).items });

export const useConversationEvents = (conversationId: string, enabled: boolean) =>
  useQuery({
    queryKey: [INBOX, 'events', conversationId],
    queryFn: async ({ signal }) => (await api<{ items: ConversationEvent[] }>(`/inbox/conversations/${conversationId}/events${qs({ limit: 50 })}`, { signal })).items,
    enabled,
  });

export const useInboxSettings = () =>
  useQuery({ queryKey: [INBOX, 'settings'], queryFn: ({ signal }) => api<InboxSettings>('/settings/inbox', { signal }) });

export type ConversationAction =
  | { kind: 'status'; status: 'open' | 'pending' | 'resolved' }
  | { kind: 'snooze'; until: string }
  | { kind: 'assign'; userId: string | null }
  | { kind: 'bot'; paused: boolean }
  | { kind: 'labels'; labelIds: string[] }
  | { kind: 'read' };

function request(id: string, a: ConversationAction): Promise<ConversationView> {
  const post = (path: string, body: object, method: 'POST' | 'PUT' = 'POST') => api<ConversationView>(`/inbox/conversations/${id}/${path}`, { method, body });
  switch (a.kind) {
    case 'status':
      return post('status', { status: a.status });
    case 'snooze':
      return post('status', { status: 'snoozed', snoozedUntil: a.until });
    case 'assign':
      return post('assignee', { userId: a.userId });
    case 'bot':
      return post('bot', { paused: a.paused });
    case 'labels':
      return post('labels', { labelIds: a.labelIds }, 'PUT');
    case 'read':
      return post('read', {});
  }
}

/** One action on one conversation; the inbox refreshes when it lands. */
export function useConversationAction(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (a: ConversationAction) => request(conversationId, a),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX] }),
  });
}

export type BulkAction = { action: 'assign'; userId: string | null } | { action: 'add_label' | 'remove_label'; labelId: string } | { action: 'status'; status: 'open' | 'pending' | 'resolved' };

export function useBulkAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { conversationIds: string[] } & BulkAction) => api<BulkResult>('/inbox/conversations/bulk', { method: 'POST', body: v }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX] }),
  });
}

export function useSetAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (availability: Agent['availability']) => api<{ availability: Agent['availability'] }>('/me/availability', { method: 'PUT', body: { availability } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX, 'agents'] }),
  });
}

export function useSaveLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string; name: string; color: string }) =>
      id ? api<Label>(`/labels/${id}`, { method: 'PATCH', body }) : api<Label>('/labels', { method: 'POST', body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX] }),
  });
}

export function useDeleteLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/labels/${id}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX] }),
  });
}

export function useSaveInboxSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<InboxSettings>) => api<InboxSettings>('/settings/inbox', { method: 'PUT', body: patch }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX, 'settings'] }),
  });
}
