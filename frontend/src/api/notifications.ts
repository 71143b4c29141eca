import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';

export const NOTIFICATIONS = 'notifications';

export interface Notification {
  id: string;
  type: string;
  title: string;
  message: string;
  action_url: string | null;
  related_entity_type: string | null;
  related_entity_id: string | null;
  is_read: boolean;
  created_at: string;
}

interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

/** Newest first, 50 a page; the bell and the page share the unfiltered list. */
export function useNotifications(unreadOnly = false) {
  return useInfiniteQuery({
    queryKey: [NOTIFICATIONS, 'list', { unreadOnly }],
    queryFn: ({ signal, pageParam }) =>
      api<NotificationPage>(`/notifications${qs({ limit: 50, cursor: pageParam, unread: unreadOnly ? 'true' : undefined })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Marks one id, several ids, or 'all' read. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: string | string[] | 'all') =>
      typeof which === 'string' && which !== 'all'
        ? api<{ updated: number }>(`/notifications/${which}/read`, { method: 'POST' })
        : api<{ updated: number }>('/notifications/read', { method: 'POST', body: which === 'all' ? { all: true } : { ids: which } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [NOTIFICATIONS] }),
  });
}
