import { Fragment } from 'react';
import { contactLabel, type ConversationFilters, type SearchResult, useMessageSearch } from '../../api/inbox.ts';
import { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { EmptyState, ErrorNote, Loading } from '../../components/Notes.tsx';
import { formatDateTime, formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';

interface Props {
  q: string;
  filters: Omit<ConversationFilters, 'search'>;
  selectedMessageId: string | null;
  onOpen: (conversationId: string, messageId: string) => void;
}

/** Messages matching the search box, newest first; opening one opens its thread at that message. */
export function SearchResults({ q, filters, selectedMessageId, onOpen }: Props) {
  const search = useMessageSearch(q, filters);
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  if (search.isPending) return <Loading what="Searching messages…" />;
  // A search the server refuses (too short, too many words) says why, as a hint rather than an error.
  const refused = search.error instanceof ApiError && search.error.status === 400 ? search.error.message : null;
  return (
    <div className="space-y-2" aria-label="Search results">
      {refused ? <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">{refused}</p> : <ErrorNote error={search.error} />}
      {items.length === 0 && !search.error && (
        <EmptyState title="No messages match">Every word must appear (anywhere in a word); "quotes" keep a phrase together. The state, assignee, label, date, channel and account filters apply too.</EmptyState>
      )}
      {items.length > 0 && (
        <ul className="divide-y divide-neutral-100 overflow-hidden rounded-lg border border-neutral-200 bg-white">
          {items.map((r) => (
            <SearchHit key={r.message.id} result={r} selected={r.message.id === selectedMessageId} onOpen={() => onOpen(r.conversation.id, r.message.id)} />
          ))}
        </ul>
      )}
      {search.hasNextPage && (
        <Button className="w-full" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
          {search.isFetchingNextPage ? 'Loading…' : 'More results'}
        </Button>
      )}
    </div>
  );
}

function SearchHit({ result: r, selected, onOpen }: { result: SearchResult; selected: boolean; onOpen: () => void }) {
  const timeZone = useTimeZone();
  const at = r.message.sentAt ?? r.message.createdAt;
  return (
    <li>
      <button type="button" data-testid="search-result" aria-current={selected || undefined} onClick={onOpen} className={`block w-full px-3 py-2.5 text-left ${selected ? 'bg-emerald-50' : 'hover:bg-neutral-50'}`}>
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-medium text-neutral-900">{contactLabel(r.conversation)}</span>
          <time dateTime={at} title={formatDateTime(at, timeZone)} className="shrink-0 text-xs text-neutral-400">
            {formatShort(at, timeZone)}
          </time>
        </div>
        <p className="line-clamp-3 text-sm text-neutral-600">
          {r.message.direction === 'note' && <span className="text-amber-700">Note: </span>}
          <Highlighted snippet={r.snippet} />
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-neutral-400">
          <ChannelBadge channel={r.conversation.channel} />
          <span className="truncate">via {r.conversation.account.name}</span>
          {r.conversation.status !== 'open' && <span className="capitalize">· {r.conversation.status}</span>}
        </div>
      </button>
    </li>
  );
}

/** The snippet as text with its matches in <mark> (never HTML from the server). */
function Highlighted({ snippet }: { snippet: SearchResult['snippet'] }) {
  const parts: Array<{ text: string; hit: boolean }> = [];
  let at = 0;
  for (const h of snippet.highlights) {
    if (h.start < at) continue;
    parts.push({ text: snippet.text.slice(at, h.start), hit: false }, { text: snippet.text.slice(h.start, h.end), hit: true });
    at = h.end;
  }
  parts.push({ text: snippet.text.slice(at), hit: false });
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p.hit ? <mark className="rounded-sm bg-amber-200 px-0.5 text-neutral-900">{p.text}</mark> : p.text}</Fragment>
      ))}
    </>
  );
}
