import { useInfiniteQuery } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';

export const INBOX = 'inbox';

export interface Conversation {
  id: string;
  status: 'open' | 'archived';
  is_test: boolean;
  last_message_at: string;
  last_message_preview: string | null;
  created_at: string;
  contact_phone: string;
  contact_name: string | null;
  number_id: string;
  number_name: string;
  number_phone: string | null;
}

export interface Message {
  id: number;
  wamid: string | null;
  direction: 'inbound' | 'outbound';
  type: string;
  body: string | null;
  /** For a campaign send (type 'template'): the template's name; its rendered text is in body. */
  template_name: string | null;
  payload: unknown;
  status: string;
  error_code: number | null;
  error_title: string | null;
  is_test: boolean;
  sent_at: string | null;
  status_at: string | null;
  created_at: string;
}

export interface ThreadInfo {
  id: string;
  status: 'open' | 'archived';
  is_test: boolean;
  contact_phone: string;
  contact_name: string | null;
  number_name: string;
  number_phone: string | null;
}

export interface ConversationFilters {
  search: string;
  numberId: string;
  from: string;
  to: string;
  status: 'open' | 'archived' | 'all';
}

interface ConversationPage {
  items: Conversation[];
  nextCursor: string | null;
}

interface ThreadPage {
  conversation: ThreadInfo;
  messages: Message[];
}

const MESSAGES_PER_PAGE = 100;

export function useConversations(filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: [INBOX, 'conversations', filters],
    queryFn: ({ signal, pageParam }) =>
      api<ConversationPage>(`/inbox/conversations${qs({ ...filters, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

/** Pages go back in time: page 0 holds the newest messages, each later page the ones before it. */
export function useThread(conversationId: string | null) {
  return useInfiniteQuery({
    queryKey: [INBOX, 'messages', conversationId],
    queryFn: ({ signal, pageParam }) =>
      api<ThreadPage>(`/inbox/conversations/${conversationId}/messages${qs({ limit: MESSAGES_PER_PAGE, before: pageParam })}`, { signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.messages.length === MESSAGES_PER_PAGE ? last.messages[0]!.id : null),
    enabled: !!conversationId,
  });
}

export const contactLabel = (c: { contact_name: string | null; contact_phone: string }) => c.contact_name || `+${c.contact_phone}`;
