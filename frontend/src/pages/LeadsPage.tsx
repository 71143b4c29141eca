import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useLeads, type Lead, type LeadFilters } from '../api/autoReplies.ts';
import { AccountSelect } from '../components/AccountSelect.tsx';
import { Badge, type Tone } from '../components/Badge.tsx';
import { Button } from '../components/Button.tsx';
import { FILTER_INPUT } from '../components/Field.tsx';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime, formatShort } from '../lib/format.ts';
import { qs } from '../lib/query.ts';
import { useDebounced } from '../lib/useDebounced.ts';
import { useDownload } from '../lib/useDownload.ts';
import { useTimeZone } from '../lib/useTimeZone.ts';

const LEVEL_TONE: Record<string, Tone> = { high: 'green', medium: 'amber', low: 'grey' };

function Level({ label, value }: { label: string; value: string | null }) {
  return value ? <Badge tone={LEVEL_TONE[value] ?? 'grey'}>{`${label}: ${value}`}</Badge> : null;
}

function LevelSelect({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className={FILTER_INPUT}>
      <option value="">{`Any ${label.toLowerCase()}`}</option>
      <option value="high">High</option>
      <option value="medium">Medium</option>
      <option value="low">Low</option>
    </select>
  );
}

function LeadRow({ lead: l, timeZone }: { lead: Lead; timeZone: string }) {
  return (
    <li data-testid="lead-row" className="px-4 py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium text-neutral-900">
          {l.name ?? l.profileName ?? l.phone}
          {l.company && <span className="font-normal text-neutral-500"> · {l.company}</span>}
        </span>
        <span className="text-xs text-neutral-400">
          {l.numberName} · {formatShort(l.extractedAt, timeZone)}
        </span>
      </div>
      <p className="text-sm text-neutral-600">
        {l.phone}
        {l.email && ` · ${l.email}`}
        {l.budget && ` · budget ${l.budget}`}
      </p>
      {l.intent && <p className="mt-1 text-sm text-neutral-700">{l.intent}</p>}
      <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
        <Level label="Urgency" value={l.urgency} />
        <Level label="Fit" value={l.fit} />
        <Level label="Engagement" value={l.engagement} />
        {l.demoDatetime && <Badge tone="blue">{`Demo ${formatDateTime(l.demoDatetime, timeZone)}`}</Badge>}
        <Link to={`/inbox?c=${l.conversationId}`} className="text-xs text-emerald-700 hover:underline">
          Open conversation
        </Link>
      </div>
      {l.smartNotification && <p className="mt-1.5 rounded bg-amber-50 px-2 py-1 text-xs text-amber-800">{l.smartNotification}</p>}
    </li>
  );
}

/** What the lead extraction found in each conversation, refreshed a few minutes after it goes quiet. */
export function LeadsPage() {
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Omit<LeadFilters, 'search'>>({ numberId: '', urgency: '', fit: '', engagement: '' });
  const all = { ...filters, search: useDebounced(search.trim(), 300) };
  const leads = useLeads(all);
  const timeZone = useTimeZone();
  const download = useDownload();
  const set = (patch: Partial<typeof filters>) => setFilters((f) => ({ ...f, ...patch }));
  const items = leads.data ?? [];
  const filtered = Object.values(all).some(Boolean);
  return (
    <>
      <PageHeader title="Leads" description="Name, email, company, intent and next step, read from each conversation 5–15 minutes after it goes quiet." />
      <div className="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        <input aria-label="Search leads" placeholder="Search name, email, company, phone" value={search} onChange={(e) => setSearch(e.target.value)} className={`${FILTER_INPUT} col-span-2`} />
        <AccountSelect value={filters.numberId} onChange={(numberId) => set({ numberId })} className={FILTER_INPUT} />
        <LevelSelect label="Urgency" value={filters.urgency} onChange={(urgency) => set({ urgency })} />
        <LevelSelect label="Fit" value={filters.fit} onChange={(fit) => set({ fit })} />
        <LevelSelect label="Engagement" value={filters.engagement} onChange={(engagement) => set({ engagement })} />
      </div>
      <div className="mb-2 flex items-center justify-between">
        <span className="text-xs text-neutral-500">{leads.isSuccess && `${items.length}${items.length === 200 ? '+' : ''} lead${items.length === 1 ? '' : 's'}`}</span>
        <Button onClick={() => download.mutate({ path: `/leads.csv${qs(all)}`, filename: 'leads.csv' })} disabled={download.isPending}>
          Export CSV
        </Button>
      </div>
      <ErrorNote error={leads.error ?? download.error} />
      {leads.isPending && <Loading />}
      {leads.isSuccess && items.length === 0 && (
        <EmptyState title={filtered ? 'No leads match' : 'No leads yet'}>{filtered ? 'Clear a filter.' : 'Leads appear a few minutes after customers chat, once an LLM key is set in Settings.'}</EmptyState>
      )}
      {items.length > 0 && (
        <ul className="divide-y divide-neutral-100 rounded-lg border border-neutral-200 bg-white">
          {items.map((l) => (
            <LeadRow key={l.id} lead={l} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </>
  );
}
