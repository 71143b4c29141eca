import type { ConversationFilters } from '../../api/inbox.ts';
import { useAgents, useLabels } from '../../api/conversations.ts';
import { FILTER_INPUT } from '../../components/Field.tsx';
import { AccountSelect } from '../../components/AccountSelect.tsx';
import { CHANNEL_NAME } from '../../api/accounts.ts';

type Filters = Omit<ConversationFilters, 'search'>;

interface Props {
  search: string;
  onSearch: (search: string) => void;
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
}

const STATES: Array<[Filters['status'], string]> = [
  ['active', 'Open & pending'],
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['snoozed', 'Snoozed'],
  ['resolved', 'Resolved'],
  ['live', 'All but archived'],
  ['archived', 'Archived'],
  ['all', 'All states'],
];

/**
 * Message search (debounced by the page; while it holds text the list shows matching messages),
 * then the filters both share: state, assignee, label, waiting for a person, unread, channel,
 * account and a date range (YYYY-MM-DD, inclusive, in the app's time zone).
 */
export function InboxFilters({ search, onSearch, filters, onChange }: Props) {
  const labels = useLabels().data ?? [];
  const agents = useAgents().data ?? [];
  const select = `${FILTER_INPUT} min-w-0 flex-[1_1_9rem]`;
  return (
    <div className="flex flex-wrap gap-2">
      <input
        type="search"
        aria-label="Search messages"
        placeholder="Search messages: words, a phone number, an order id, &quot;a phrase&quot;"
        value={search}
        onChange={(e) => onSearch(e.target.value)}
        className={`${FILTER_INPUT} min-w-0 flex-[2_1_16rem]`}
      />
      <select aria-label="State" value={filters.status} onChange={(e) => onChange({ status: e.target.value as Filters['status'] })} className={select}>
        {STATES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <select aria-label="Assignee" value={filters.assignee} onChange={(e) => onChange({ assignee: e.target.value })} className={select}>
        <option value="">Anyone</option>
        <option value="me">Mine</option>
        <option value="unassigned">Unassigned</option>
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <select aria-label="Label" value={filters.labelId} onChange={(e) => onChange({ labelId: e.target.value })} className={select}>
        <option value="">Any label</option>
        {labels.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <select aria-label="Channel" value={filters.channel} onChange={(e) => onChange({ channel: e.target.value as Filters['channel'] })} className={select}>
        <option value="">All channels</option>
        {Object.entries(CHANNEL_NAME).map(([channel, label]) => (
          <option key={channel} value={channel}>
            {label}
          </option>
        ))}
      </select>
      <AccountSelect value={filters.accountId} onChange={(accountId) => onChange({ accountId })} className={select} />
      <Toggle label="Waiting for a person" checked={filters.waiting} onChange={(waiting) => onChange({ waiting })} />
      <Toggle label="Unread" checked={filters.unread} onChange={(unread) => onChange({ unread })} />
      <DateFilter label="From" value={filters.from} max={filters.to} onChange={(from) => onChange({ from })} />
      <DateFilter label="To" value={filters.to} min={filters.from} onChange={(to) => onChange({ to })} />
    </div>
  );
}

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-center gap-1.5 rounded-md border border-neutral-200 bg-white px-2.5 text-sm text-neutral-700">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
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
