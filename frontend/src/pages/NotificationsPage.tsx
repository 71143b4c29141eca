import { useState } from 'react';
import { useMarkRead, useNotifications } from '../api/notifications.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { NotificationSummary } from '../notifications/NotificationSummary.tsx';
import { useOpenNotification } from '../notifications/useOpenNotification.ts';

export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const markRead = useMarkRead();
  const openNotification = useOpenNotification();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unreadCount ?? 0;
  // Only ids still listed and unread count as selected (the list changes live).
  const chosen = items.filter((n) => selected.has(n.id) && !n.isRead).map((n) => n.id);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const markSelected = () => markRead.mutate(chosen, { onSuccess: () => setSelected(new Set()) });

  return (
    <>
      <PageHeader title="Notifications" description="Alerts about numbers, templates and campaigns that need your attention." />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label className="mr-auto flex items-center gap-2 text-sm text-neutral-700">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} className="size-4 accent-emerald-600" />
          Unread only
        </label>
        <span className="text-sm text-neutral-500">{unread} unread</span>
        <Button onClick={markSelected} disabled={!chosen.length || markRead.isPending}>
          Mark selected read{chosen.length ? ` (${chosen.length})` : ''}
        </Button>
        <Button variant="primary" onClick={() => markRead.mutate('all')} disabled={!unread || markRead.isPending}>
          Mark all read
        </Button>
      </div>
      <div className="space-y-3">
        <ErrorNote error={list.error ?? markRead.error} />
        {list.isPending && <Loading />}
        {list.isSuccess && items.length === 0 && (
          <EmptyState title={unreadOnly ? 'Nothing unread' : 'No notifications yet'}>
            {unreadOnly
              ? 'Untick “Unread only” to see earlier notifications.'
              : 'Parley tells you here when a token expires, a template is quarantined or a campaign needs attention.'}
          </EmptyState>
        )}
        {items.length > 0 && (
          <ul className="divide-y divide-neutral-100 overflow-hidden rounded-lg border border-neutral-200 bg-white">
            {items.map((n) => (
              <li
                key={n.id}
                data-testid="notification-row"
                data-unread={!n.isRead || undefined}
                className={`flex items-start gap-3 px-3 py-3 sm:px-4 ${n.isRead ? '' : 'border-l-4 border-l-emerald-500 bg-emerald-50/40'}`}
              >
                <input
                  type="checkbox"
                  aria-label={`Select ${n.title}`}
                  checked={selected.has(n.id)}
                  disabled={n.isRead}
                  onChange={() => toggle(n.id)}
                  className="mt-1 size-4 shrink-0 accent-emerald-600"
                />
                <button type="button" onClick={() => openNotification(n)} className="min-w-0 flex-1 text-left">
                  <NotificationSummary notification={n} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <Button className="w-full" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        )}
      </div>
    </>
  );
}
