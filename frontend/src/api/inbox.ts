import { useInfiniteQuery } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import type { Channel } from './accounts.ts';
import { api } from './client.ts';
import type { ConversationListView, ConversationView, MessageView, SearchResultListView, SearchResultView, ThreadView } from '../../../server/inbox/present.ts';
import type { StatusFilter } from '../../../server/inbox/filters.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type Conversation = ConversationView;
export type Message = MessageView;
export type SearchResult = SearchResultView;

export const INBOX = 'inbox';

export interface ConversationFilters {
  search: string;
  /** '' for every account. */
  accountId: string;
  /** '' for every channel. */
  channel: Channel | '';
  from: string;
  to: string;
  /** Default 'active': open and pending. */
  status: StatusFilter;
  /** '' for anyone, 'me', 'unassigned' or a user id. */
  assignee: string;
  /** '' for any label. */
  labelId: string;
  /** Bots paused and nobody assigned. */
  waiting: boolean;
  unread: boolean;
}

export const DEFAULT_FILTERS: Omit<ConversationFilters, 'search'> = { accountId: '', channel: '', from: '', to: '', status: 'active', assignee: '', labelId: '', waiting: false, unread: false };

/** The filters as query parameters (a flag only when on). */
const filterParams = ({ waiting, unread, ...rest }: Omit<ConversationFilters, 'search'>) => ({ ...rest, waiting: waiting || undefined, unread: unread || undefined });

const MESSAGES_PER_PAGE = 100;

export function useConversations(filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: [INBOX, 'conversations', filters],
    queryFn: ({ signal, pageParam }) =>
      api<ConversationListView>(`/inbox/conversations${qs({ ...filterParams(filters), search: filters.search, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

type ThreadAnchor = { before?: string; after?: string; around?: string };

/**
 * A thread's pages in time order: it opens at the newest messages, or around `aroundId` (a search
 * result); older pages come before (fetchPreviousPage), newer ones after (fetchNextPage).
 */
export function useThread(conversationId: string | null, aroundId: string | null = null) {
  return useInfiniteQuery({
    queryKey: [INBOX, 'messages', conversationId, aroundId ?? 'newest'],
    queryFn: ({ signal, pageParam }) => api<ThreadView>(`/inbox/conversations/${conversationId}/messages${qs({ limit: MESSAGES_PER_PAGE, ...pageParam })}`, { signal }),
    initialPageParam: (aroundId ? { around: aroundId } : {}) as ThreadAnchor,
    getPreviousPageParam: (first): ThreadAnchor | undefined => (first.hasOlder && first.messages[0] ? { before: first.messages[0].id } : undefined),
    getNextPageParam: (last): ThreadAnchor | undefined => (last.hasNewer && last.messages.at(-1) ? { after: last.messages.at(-1)!.id } : undefined),
    enabled: !!conversationId,
  });
}

/** Message search (GET /inbox/search) with the list's filters, newest first, paged. */
export function useMessageSearch(q: string, filters: Omit<ConversationFilters, 'search'>) {
  return useInfiniteQuery({
    queryKey: [INBOX, 'search', q, filters],
    queryFn: ({ signal, pageParam }) => api<SearchResultListView>(`/inbox/search${qs({ ...filterParams(filters), status: filters.status === 'active' ? 'all' : filters.status, q, cursor: pageParam })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: q.length > 0,
    placeholderData: (previous) => previous,
  });
}

/**
 * The customer's name, else what the channel knows them by: a WhatsApp number, or for Instagram,
 * Messenger and web chat visitors (whose ids mean nothing to a person) the last characters of the
 * id, to tell two apart.
 */
export function contactLabel(c: { channel: Channel; contact: Pick<Conversation['contact'], 'name' | 'externalId'> }): string {
  if (c.contact.name) return c.contact.name;
  if (c.channel === 'whatsapp') return `+${c.contact.externalId}`;
  return `${c.channel === 'webchat' ? 'Visitor' : 'Customer'} …${c.contact.externalId.slice(-4)}`;
}
