import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useTemplates, type SyncQueuedView, type TemplateFilters as Filters } from '../api/templates.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState, ErrorNote, Loading, SuccessNote } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useDebounced } from '../lib/useDebounced.ts';
import { useTimeZone } from '../lib/useTimeZone.ts';
import { TemplateDetail } from './templates/TemplateDetail.tsx';
import { TemplateFilters } from './templates/TemplateFilters.tsx';
import { TemplateList } from './templates/TemplateList.tsx';

type OtherFilters = Omit<Filters, 'search'>;

/** Synced templates with their state; ?id=<template id> opens one (links from notifications). */
export function TemplatesPage() {
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<OtherFilters>({ numberId: '', state: 'all' });
  const debouncedSearch = useDebounced(search.trim(), 300);
  const templates = useTemplates({ ...filters, search: debouncedSearch });
  const timeZone = useTimeZone();
  const sync = useMutation({ mutationFn: () => api<SyncQueuedView>('/templates/sync', { method: 'POST', body: {} }) });
  const select = (id: string | null) =>
    setParams((p) => {
      if (id) p.set('id', id);
      else p.delete('id');
      return p;
    });

  const items = templates.data ?? [];
  const lastSynced = items.reduce<string | null>((max, t) => (t.lastSyncedAt && (!max || t.lastSyncedAt > max) ? t.lastSyncedAt : max), null);
  const filtered = !!(debouncedSearch || filters.numberId || filters.state !== 'all');
  const queued = sync.data?.jobs.length;

  return (
    <>
      <PageHeader title="Templates" description="WhatsApp message templates synced from Meta. Campaigns can only use sendable (approved UTILITY) ones." />
      <div className="mb-4 flex flex-wrap items-center justify-end gap-x-3 gap-y-2">
        <span className="mr-auto text-xs text-neutral-500">{lastSynced ? `Last synced ${formatDateTime(lastSynced, timeZone)}` : 'Not synced yet'}</span>
        <Button variant="primary" onClick={() => sync.mutate()} disabled={sync.isPending}>
          {sync.isPending ? 'Queuing…' : 'Sync all'}
        </Button>
      </div>
      <div className="mb-4 space-y-2 empty:hidden">
        {sync.isSuccess &&
          (queued ? (
            <SuccessNote>{`Sync queued for ${queued} WhatsApp Business account${queued === 1 ? '' : 's'}; the list refreshes when it finishes.`}</SuccessNote>
          ) : (
            <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
              Nothing to sync: connect an active WhatsApp number on the Channels page first.
            </p>
          ))}
        <ErrorNote error={sync.error} />
      </div>
      <div className="mb-4">
        <TemplateFilters search={search} onSearch={setSearch} filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} />
      </div>
      <div className={`grid grid-cols-1 gap-4 ${selectedId ? 'lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]' : ''}`}>
        {selectedId && (
          <div className="lg:order-2">
            <TemplateDetail key={selectedId} id={selectedId} onClose={() => select(null)} />
          </div>
        )}
        <div className="min-w-0 space-y-2">
          <ErrorNote error={templates.error} />
          {templates.isPending && <Loading />}
          {templates.isSuccess && items.length === 0 && (
            <EmptyState title={filtered ? 'No templates match' : 'No templates yet'}>
              {filtered
                ? 'Clear the search or choose another number or state.'
                : 'Create templates in Meta’s WhatsApp Manager, then press “Sync all” (connect a WhatsApp number first on the Channels page).'}
            </EmptyState>
          )}
          {items.length > 0 && <TemplateList items={items} selectedId={selectedId} onSelect={select} />}
        </div>
      </div>
    </>
  );
}
