import type { ConversationFilters } from '../../api/inbox.ts';
import { FILTER_INPUT } from '../../components/Field.tsx';
import { AccountSelect } from '../../components/AccountSelect.tsx';
import { CHANNEL_NAME } from '../../api/accounts.ts';

interface Props {
  search: string;
  onSearch: (search: string) => void;
  filters: Omit<ConversationFilters, 'search'>;
  onChange: (patch: Partial<Omit<ConversationFilters, 'search'>>) => void;
}

/** Search (debounced by the page), channel, account, status and a date range (YYYY-MM-DD, inclusive). */
export function InboxFilters({ search, onSearch, filters, onChange }: Props) {
  return (
    <div className="flex flex-wrap gap-2">
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search name, phone or message"
        value={search}
        onChange={(e) => onSearch(e.target.value)}
        className={`${FILTER_INPUT} min-w-0 flex-[2_1_16rem]`}
      />
      <select
        aria-label="Channel"
        value={filters.channel}
        onChange={(e) => onChange({ channel: e.target.value as ConversationFilters['channel'] })}
        className={`${FILTER_INPUT} min-w-0 flex-[1_1_9rem]`}
      >
        <option value="">All channels</option>
        {Object.entries(CHANNEL_NAME).map(([channel, label]) => (
          <option key={channel} value={channel}>
            {label}
          </option>
        ))}
      </select>
      <AccountSelect value={filters.accountId} onChange={(accountId) => onChange({ accountId })} className={`${FILTER_INPUT} min-w-0 flex-[1_1_9rem]`} />
      <select
        aria-label="Status"
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value as ConversationFilters['status'] })}
        className={`${FILTER_INPUT} min-w-0 flex-[1_1_9rem]`}
      >
        <option value="all">All statuses</option>
        <option value="open">Open</option>
        <option value="archived">Archived</option>
      </select>
      <DateFilter label="From" value={filters.from} max={filters.to} onChange={(from) => onChange({ from })} />
      <DateFilter label="To" value={filters.to} min={filters.from} onChange={(to) => onChange({ to })} />
    </div>
  );
}

function DateFilter({ label, value, min, max, onChange }: { label: string; value: string; min?: string; max?: string; onChange: (date: string) => void }) {
  return (
    <label className="flex min-w-0 flex-[1_1_11rem] items-center gap-1.5 text-xs text-neutral-500">
      {label}
      <input type="date" value={value} min={min || undefined} max={max || undefined} onChange={(e) => onChange(e.target.value)} className={`${FILTER_INPUT} min-w-0 flex-1`} />
    </label>
  );
}
