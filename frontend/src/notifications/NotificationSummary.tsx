import type { Notification } from '../api/notifications.ts';
import { formatDateTime } from '../lib/format.ts';
import { useTimeZone } from '../lib/useTimeZone.ts';

/** Title, message and time; unread ones are bold with an emerald dot. */
export function NotificationSummary({ notification: n }: { notification: Notification }) {
  const timeZone = useTimeZone();
  return (
    <div className="flex min-w-0 gap-2.5">
      <span
        aria-hidden="true"
        className={`mt-1.5 size-2 shrink-0 rounded-full ${n.isRead ? 'bg-transparent' : 'bg-emerald-500'}`}
      />
      <div className="min-w-0">
        <p className={`text-sm ${n.isRead ? 'text-neutral-700' : 'font-semibold text-neutral-900'}`}>
          {n.title}
          {!n.isRead && <span className="sr-only"> (unread)</span>}
        </p>
        <p className="text-sm break-words text-neutral-600">{n.message}</p>
        <time dateTime={n.createdAt} className="mt-0.5 block text-xs text-neutral-400">
          {formatDateTime(n.createdAt, timeZone)}
        </time>
      </div>
    </div>
  );
}
