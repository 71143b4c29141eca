import { contactLabel, type Conversation, type ConversationFilters, useConversations } from '../../api/inbox.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { EmptyState, ErrorNote, Loading } from '../../components/Notes.tsx';
import { formatDateTime, formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';

interface Props {
  filters: ConversationFilters;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function ConversationList({ filters, selectedId, onSelect }: Props) {
  const list = useConversations(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(filters.search || filters.accountId || filters.channel || filters.from || filters.to || filters.status !== 'active' || filters.assignee || filters.labelId || filters.waiting || filters.unread);
  if (list.isPending) return <Loading what="Loading conversations…" />;
  return (
    <div className="space-y-2">
      <ErrorNote error={list.error} />
      {items.length === 0 && !list.error && (
        <EmptyState title={filtered ? 'No conversations match' : 'No conversations yet'}>
          {filtered
            ? 'Clear the search or widen the state, assignee, label, date, channel and account filters.'
            : 'Messages customers send to your connected WhatsApp numbers, Instagram accounts and Facebook Pages appear here as they arrive. Connect one on the Channels page first.'}
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul className="divide-y divide-neutral-100 overflow-hidden rounded-lg border border-neutral-200 bg-white">
          {items.map((c) => (
            <ConversationItem key={c.id} conversation={c} selected={c.id === selectedId} onSelect={() => onSelect(c.id)} />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button className="w-full" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Load more conversations'}
        </Button>
      )}
    </div>
  );
}

function ConversationItem({ conversation: c, selected, onSelect }: { conversation: Conversation; selected: boolean; onSelect: () => void }) {
  const timeZone = useTimeZone();
  return (
    <li>
      <button
        type="button"
        data-testid="conversation"
        aria-current={selected || undefined}
        onClick={onSelect}
        className={`block w-full px-3 py-2.5 text-left ${selected ? 'bg-emerald-50' : 'hover:bg-neutral-50'}`}
      >
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-medium text-neutral-900">{contactLabel(c)}</span>
          {c.lastMessageAt && (
            <time dateTime={c.lastMessageAt} title={formatDateTime(c.lastMessageAt, timeZone)} className="shrink-0 text-xs text-neutral-400">
              {formatShort(c.lastMessageAt, timeZone)}
            </time>
          )}
        </div>
        <p className="truncate text-sm text-neutral-600">{c.lastMessagePreview ?? '\u00a0'}</p>
        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-neutral-400">
          <ChannelBadge channel={c.channel} />
          <span className="truncate">via {c.account.name}</span>
          {c.isTest && <Badge tone="blue">Test data</Badge>}
          {c.status === 'archived' && <Badge>Archived</Badge>}
        </div>
      </button>
    </li>
  );
}
