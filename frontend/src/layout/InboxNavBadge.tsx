import { useInboxCounts } from '../api/conversations.ts';

/** How many conversations hold unread customer messages (live, with the inbox topic). */
export function InboxNavBadge() {
  const counts = useInboxCounts();
  const n = counts.data?.unread ?? 0;
  if (!n) return null;
  return (
    // aria-hidden: the link keeps its name ("Inbox"); the count is in the title and the inbox list.
    <span data-testid="inbox-unread" aria-hidden title={`${n} conversations with unread messages`} className="ml-2 rounded-full bg-emerald-600 px-1.5 text-xs font-semibold text-white">
      {n > 99 ? '99+' : n}
    </span>
  );
}
