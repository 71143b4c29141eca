import type { TemplateFilters as Filters, TemplateStateFilter } from '../../api/templates.ts';
import { AccountSelect } from '../../components/AccountSelect.tsx';
import { FILTER_INPUT } from '../../components/Field.tsx';

interface Props {
  search: string;
  onSearch: (search: string) => void;
  filters: Omit<Filters, 'search'>;
  onChange: (patch: Partial<Omit<Filters, 'search'>>) => void;
}

export function TemplateFilters({ search, onSearch, filters, onChange }: Props) {
  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
      <input
        type="search"
        aria-label="Search templates"
        placeholder="Search by name"
        value={search}
        onChange={(e) => onSearch(e.target.value)}
        className={`${FILTER_INPUT} col-span-2 sm:col-span-1`}
      />
      <AccountSelect channel="whatsapp" value={filters.numberId ?? ''} onChange={(numberId) => onChange({ numberId })} className={FILTER_INPUT} />
      <select aria-label="State" value={filters.state} onChange={(e) => onChange({ state: e.target.value as TemplateStateFilter })} className={FILTER_INPUT}>
        <option value="all">All states</option>
        <option value="sendable">Sendable</option>
        <option value="quarantined">Quarantined</option>
        <option value="inactive">Inactive</option>
      </select>
    </div>
  );
}
