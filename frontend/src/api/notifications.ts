import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';
import type { MarkedReadView, NotificationPageView, NotificationView } from '../../../server/notifications/present.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type Notification = NotificationView;

export const NOTIFICATIONS = 'notifications';

/** Newest first, 50 a page; the bell and the page share the unfiltered list. */
export function useNotifications(unreadOnly = false) {
  return useInfiniteQuery({
    queryKey: [NOTIFICATIONS, 'list', { unreadOnly }],
    queryFn: ({ signal, pageParam }) =>
      api<NotificationPageView>(`/notifications${qs({ limit: 50, cursor: pageParam, unread: unreadOnly ? 'true' : undefined })}`, { signal }),
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
        ? api<MarkedReadView>(`/notifications/${which}/read`, { method: 'POST' })
        : api<MarkedReadView>('/notifications/read', { method: 'POST', body: which === 'all' ? { all: true } : { ids: which } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [NOTIFICATIONS] }),
  });
}
