import { useState } from 'react';
import { contactLabel, type Conversation, type ConversationFilters, useConversations } from '../../api/inbox.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { EmptyState, ErrorNote, Loading } from '../../components/Notes.tsx';
import { formatDateTime, formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { BulkBar } from './BulkBar.tsx';
import { LabelChip } from './LabelPicker.tsx';

interface Props {
  filters: ConversationFilters;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function ConversationList({ filters, selectedId, onSelect }: Props) {
  const list = useConversations(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const shown = items.filter((c) => picked.has(c.id)).map((c) => c.id);
  const pick = (id: string, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const filtered = !!(filters.search || filters.accountId || filters.channel || filters.from || filters.to || filters.status !== 'active' || filters.assignee || filters.labelId || filters.waiting || filters.unread);
  if (list.isPending) return <Loading what="Loading conversations…" />;
  return (
    <div className="space-y-2">
      <ErrorNote error={list.error} />
      {shown.length > 0 && <BulkBar conversationIds={shown} onDone={() => setPicked(new Set())} />}
      {items.length === 0 && !list.error && (
        <EmptyState title={filtered ? 'No conversations match' : 'No conversations yet'}>
          {filtered
            ? 'Clear the search or widen the state, assignee, label, date, channel and account filters.'
            : 'Messages customers send to your connected WhatsApp numbers, Instagram accounts, Facebook Pages and web chat widgets appear here as they arrive. Connect one on the Channels page first.'}
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul className="divide-y divide-neutral-100 overflow-hidden rounded-lg border border-neutral-200 bg-white">
          {items.map((c) => (
            <ConversationItem key={c.id} conversation={c} selected={c.id === selectedId} onSelect={() => onSelect(c.id)} picked={picked.has(c.id)} onPick={(on) => pick(c.id, on)} />
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

interface ItemProps {
  conversation: Conversation;
  selected: boolean;
  onSelect: () => void;
  picked: boolean;
  onPick: (on: boolean) => void;
}

function ConversationItem({ conversation: c, selected, onSelect, picked, onPick }: ItemProps) {
  const timeZone = useTimeZone();
  return (
    <li className={`flex items-start ${selected ? 'bg-emerald-50' : 'hover:bg-neutral-50'}`}>
      <input type="checkbox" aria-label={`Select ${contactLabel(c)}`} checked={picked} onChange={(e) => onPick(e.target.checked)} className="mt-3.5 ml-3 shrink-0" />
      <button
        type="button"
        data-testid="conversation"
        data-conversation-id={c.id}
        aria-current={selected || undefined}
        onClick={onSelect}
        className="block min-w-0 flex-1 px-3 py-2.5 text-left"
      >
        <div className="flex items-baseline justify-between gap-2">
          <span className={`truncate text-sm text-neutral-900 ${c.unreadCount ? 'font-semibold' : 'font-medium'}`}>{contactLabel(c)}</span>
          {c.lastMessageAt && (
            <time dateTime={c.lastMessageAt} title={formatDateTime(c.lastMessageAt, timeZone)} className="shrink-0 text-xs text-neutral-400">
              {formatShort(c.lastMessageAt, timeZone)}
            </time>
          )}
        </div>
        <div className="flex items-center gap-2">
          <p className="min-w-0 flex-1 truncate text-sm text-neutral-600">{c.lastMessagePreview ?? '\u00a0'}</p>
          {c.unreadCount > 0 && (
            <span data-testid="unread" aria-label={`${c.unreadCount} unread`} className="shrink-0 rounded-full bg-emerald-600 px-1.5 text-xs font-semibold text-white">
              {c.unreadCount}
            </span>
          )}
        </div>
        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-neutral-400">
          <ChannelBadge channel={c.channel} />
          <span className="truncate">via {c.account.name}</span>
          {c.isTest && <Badge tone="blue">Test data</Badge>}
          {c.status === 'archived' && <Badge>Archived</Badge>}
          {c.status === 'resolved' && <Badge tone="green">Resolved</Badge>}
          {c.status === 'pending' && <Badge tone="amber">Pending</Badge>}
          {c.status === 'snoozed' && <Badge tone="violet">Snoozed</Badge>}
          {c.botPaused && <Badge tone="amber" title="The bots are silent here: a person handles it">{c.assignee ? 'With a person' : 'Needs a person'}</Badge>}
          {c.assignee && <span className="truncate" data-testid="assignee">→ {c.assignee.name}</span>}
          {c.labels.map((l) => (
            <LabelChip key={l.id} label={l} />
          ))}
        </div>
      </button>
    </li>
  );
}
