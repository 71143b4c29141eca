import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';
import { INBOX } from './inbox.ts';
import type { CannedReplyView, InboxTemplateView, ReplyWindowView, SentView } from '../../../server/compose/present.ts';
import type { ReplyBody } from '../../../server/compose/schema.ts';
import type { MessageView } from '../../../server/inbox/present.ts';

// Replying from the inbox: the window that applies, templates, sending, notes, canned replies.
// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type ReplyWindow = ReplyWindowView;
export type InboxTemplate = InboxTemplateView;
export type CannedReply = CannedReplyView;
export type ReplyRequest = Omit<ReplyBody, 'template'> & { template?: { name: string; language: string; variables?: string[]; namedVariables?: Record<string, string>; headerMediaUrl?: string } };

export const CANNED = 'canned-replies';

/** Under the inbox topic: a customer's message (a live update) moves the window. */
export function useReplyWindow(conversationId: string) {
  return useQuery({
    queryKey: [INBOX, 'reply-window', conversationId],
    queryFn: ({ signal }) => api<ReplyWindowView>(`/inbox/conversations/${conversationId}/reply-window`, { signal }),
  });
}

export function useInboxTemplates(conversationId: string, enabled: boolean) {
  return useQuery({
    queryKey: [INBOX, 'templates', conversationId],
    queryFn: ({ signal }) => api<{ items: InboxTemplateView[] }>(`/inbox/conversations/${conversationId}/templates`, { signal }),
    enabled,
  });
}

/** The thread (and the list's preview) refresh after a send; the live update would do it too, a second later. */
function useRefreshInbox() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [INBOX] });
}

export function useSendReply(conversationId: string) {
  const refresh = useRefreshInbox();
  return useMutation({
    mutationFn: (body: ReplyRequest) => api<SentView>(`/inbox/conversations/${conversationId}/messages`, { method: 'POST', body }),
    onSettled: refresh,
  });
}

export function useAddNote(conversationId: string) {
  const refresh = useRefreshInbox();
  return useMutation({
    mutationFn: (text: string) => api<{ message: MessageView }>(`/inbox/conversations/${conversationId}/notes`, { method: 'POST', body: { text } }),
    onSettled: refresh,
  });
}

/** With a conversation, each reply also comes filled for it (`filled`). */
export function useCannedReplies(conversationId?: string) {
  return useQuery({
    queryKey: [CANNED, conversationId ?? null],
    queryFn: ({ signal }) => api<{ items: CannedReplyView[] }>(`/canned-replies${qs({ conversationId })}`, { signal }),
  });
}

export function useSaveCannedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, shortcut, body }: { id?: string; shortcut: string; body: string }) =>
      id ? api<CannedReplyView>(`/canned-replies/${id}`, { method: 'PATCH', body: { shortcut, body } }) : api<CannedReplyView>('/canned-replies', { method: 'POST', body: { shortcut, body } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [CANNED] }),
  });
}

export function useDeleteCannedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/canned-replies/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [CANNED] }),
  });
}
