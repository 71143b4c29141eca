import { useInboxCounts } from '../api/conversations.ts';

/** How many conversations hold unread customer messages (live, with the inbox topic). */
export function InboxNavBadge() {
  const counts = useInboxCounts();
  const n = counts.data?.unread ?? 0;
  if (!n) return null;
  return (
    <span data-testid="inbox-unread" aria-label={`${n} conversations unread`} className="ml-2 rounded-full bg-emerald-600 px-1.5 text-xs font-semibold text-white">
      {n > 99 ? '99+' : n}
    </span>
  );
}
