import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DEFAULT_FILTERS, type ConversationFilters } from '../api/inbox.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useDebounced } from '../lib/useDebounced.ts';
import { ConversationList } from './inbox/ConversationList.tsx';
import { InboxFilters } from './inbox/InboxFilters.tsx';
import { SearchResults } from './inbox/SearchResults.tsx';
import { Thread } from './inbox/Thread.tsx';
import { ShortcutsDialog } from './inbox/ShortcutsDialog.tsx';
import { useInboxShortcuts } from './inbox/useInboxShortcuts.ts';

type OtherFilters = Omit<ConversationFilters, 'search'>;

/**
 * Two panes on desktop; on a phone the list, then the thread (?c=<conversation id>, and &m=<message
 * id> to open it at a search result). Text in the search box swaps the list for matching messages.
 * ?accountId=<id> (a web chat widget's Conversations link) opens with that account's filter.
 */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('c');
  const messageId = params.get('m');
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<OtherFilters>(() => ({ ...DEFAULT_FILTERS, accountId: params.get('accountId') ?? '' }));
  const debouncedSearch = useDebounced(search.trim(), 300);
  const select = useCallback(
    (id: string | null, message: string | null = null) =>
      setParams((p) => {
        if (id) p.set('c', id);
        else p.delete('c');
        if (message) p.set('m', message);
        else p.delete('m');
        return p;
      }),
    [setParams],
  );
  const [help, setHelp] = useState(false);
  useInboxShortcuts(selectedId, select, useCallback(() => setHelp(true), []));

  return (
    <>
      <PageHeader title="Inbox" description="WhatsApp, Instagram, Messenger and web chat conversations with your customers, updated as messages arrive. Press ? for keyboard shortcuts." />
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
      <div className={`mb-4 ${selectedId ? 'hidden md:block' : ''}`}>
        <InboxFilters search={search} onSearch={setSearch} filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} />
      </div>
      <div className="grid grid-cols-1 gap-4 md:h-[calc(100dvh-16rem)] md:min-h-[28rem] md:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
        <div className={`md:overflow-y-auto ${selectedId ? 'hidden md:block' : ''}`}>
          {debouncedSearch ? (
            <SearchResults q={debouncedSearch} filters={filters} selectedMessageId={messageId} onOpen={(conversationId, id) => select(conversationId, id)} />
          ) : (
            <ConversationList filters={{ ...filters, search: '' }} selectedId={selectedId} onSelect={select} />
          )}
        </div>
        <div className={`md:min-h-0 ${selectedId ? '' : 'hidden md:block'}`}>
          {selectedId ? (
            <Thread key={`${selectedId}:${messageId ?? ''}`} conversationId={selectedId} aroundId={messageId} onBack={() => select(null)} />
          ) : (
            <div className="flex h-full items-center justify-center rounded-lg border border-dashed border-neutral-300 bg-white p-8 text-sm text-neutral-500">
              Choose a conversation to read its messages.
            </div>
          )}
        </div>
      </div>
    </>
  );
}
