import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMarkRead, useNotifications } from '../api/notifications.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNote } from '../components/Notes.tsx';
import { NotificationSummary } from '../notifications/NotificationSummary.tsx';
import { useOpenNotification } from '../notifications/useOpenNotification.ts';
import { canAskForDesktopAlerts, useDesktopAlerts } from '../notifications/useDesktopAlerts.ts';
import { BellIcon } from './icons.tsx';

/** The top-bar bell: unread count (live), and a dropdown of the latest notifications. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const list = useNotifications();
  const unread = list.data?.pages[0]?.unreadCount ?? 0;
  useDesktopAlerts();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((o) => !o)}
        className={`relative rounded-md p-1.5 hover:bg-neutral-100 ${open ? 'text-emerald-700' : 'text-neutral-600'}`}
      >
        <BellIcon />
        {unread > 0 && (
          <span
            data-testid="unread-count"
            className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && <Dropdown unread={unread} close={() => setOpen(false)} />}
    </div>
  );
}

function Dropdown({ unread, close }: { unread: number; close: () => void }) {
  const list = useNotifications();
  const markRead = useMarkRead();
  const openNotification = useOpenNotification(close);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const [askAlerts, setAskAlerts] = useState(canAskForDesktopAlerts);
  return (
    <div
      role="dialog"
      aria-label="Notifications"
      className="fixed inset-x-2 top-14 z-20 flex max-h-[70dvh] flex-col overflow-hidden rounded-lg border border-neutral-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-96"
    >
      <div className="flex items-center justify-between border-b border-neutral-200 px-3 py-2">
        <span className="text-sm font-semibold text-neutral-900">Notifications</span>
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => markRead.mutate('all')} disabled={!unread || markRead.isPending}>
          Mark all read
        </Button>
      </div>
      {askAlerts && (
        <button
          type="button"
          onClick={() => void Notification.requestPermission().finally(() => setAskAlerts(canAskForDesktopAlerts()))}
          className="border-b border-neutral-200 bg-amber-50 px-3 py-2 text-left text-xs text-amber-900 hover:bg-amber-100"
        >
          Get a browser notification when a conversation is assigned to you or a customer asks for a person: turn them on
        </button>
      )}
      <div className="overflow-y-auto">
        <div className="px-3 empty:hidden">
          <ErrorNote error={list.error ?? markRead.error} />
        </div>
        {list.isSuccess && items.length === 0 && (
          <p className="px-3 py-6 text-center text-sm text-neutral-500">No notifications. Alerts about numbers, templates and campaigns appear here.</p>
        )}
        <ul className="divide-y divide-neutral-100">
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                data-testid="notification"
                onClick={() => openNotification(n)}
                className={`block w-full px-3 py-2.5 text-left hover:bg-neutral-50 ${n.isRead ? '' : 'bg-emerald-50/40'}`}
              >
                <NotificationSummary notification={n} />
              </button>
            </li>
          ))}
        </ul>
        {list.hasNextPage && (
          <div className="p-2">
            <Button className="w-full" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </Button>
          </div>
        )}
      </div>
      <Link to="/notifications" onClick={close} className="border-t border-neutral-200 px-3 py-2 text-center text-sm font-medium text-emerald-700 hover:bg-neutral-50">
        See all notifications
      </Link>
    </div>
  );
}
