import { useInfiniteQuery } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import type { Channel } from './accounts.ts';
import { api } from './client.ts';
import type { ConversationListView, ConversationView, MessageView, ThreadView } from '../../../server/inbox/present.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type Conversation = ConversationView;
export type Message = MessageView;

export const INBOX = 'inbox';

export interface ConversationFilters {
  search: string;
  /** '' for every account. */
  accountId: string;
  /** '' for every channel. */
  channel: Channel | '';
  from: string;
  to: string;
  status: 'open' | 'archived' | 'all';
}

const MESSAGES_PER_PAGE = 100;

export function useConversations(filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: [INBOX, 'conversations', filters],
    queryFn: ({ signal, pageParam }) =>
      api<ConversationListView>(`/inbox/conversations${qs({ ...filters, limit: 50, cursor: pageParam })}`, { signal }),
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
      api<ThreadView>(`/inbox/conversations/${conversationId}/messages${qs({ limit: MESSAGES_PER_PAGE, before: pageParam })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.messages.length === MESSAGES_PER_PAGE ? last.messages[0]!.id : null),
    enabled: !!conversationId,
  });
}

/**
 * The customer's name, else what the channel knows them by: a WhatsApp number, or for Instagram
 * and Messenger (whose ids mean nothing to a person) the last digits of the id, to tell two apart.
 */
export function contactLabel(c: Pick<Conversation, 'channel' | 'contact'>): string {
  if (c.contact.name) return c.contact.name;
  return c.channel === 'whatsapp' ? `+${c.contact.externalId}` : `Customer …${c.contact.externalId.slice(-4)}`;
}
