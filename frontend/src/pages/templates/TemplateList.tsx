import type { Template } from '../../api/templates.ts';
import { TemplateBadges } from './TemplateBadges.tsx';

export function TemplateList({ items, selectedId, onSelect }: { items: Template[]; selectedId: string | null; onSelect: (id: string) => void }) {
  return (
    <ul className="divide-y divide-neutral-100 overflow-hidden rounded-lg border border-neutral-200 bg-white">
      {items.map((t) => (
        <li key={t.id}>
          <button
            type="button"
            data-testid="template-row"
            data-name={t.name}
            aria-current={t.id === selectedId || undefined}
            onClick={() => onSelect(t.id)}
            className={`block w-full px-3 py-2.5 text-left sm:px-4 ${t.id === selectedId ? 'bg-emerald-50' : 'hover:bg-neutral-50'}`}
          >
            <div className="flex items-baseline justify-between gap-2">
              <span className="truncate font-mono text-sm font-medium text-neutral-900">{t.name}</span>
              <span className="shrink-0 text-xs text-neutral-400">{t.language}</span>
            </div>
            {t.isQuarantined && t.quarantineReason && <p className="truncate text-xs text-amber-700">Quarantined: {t.quarantineReason}</p>}
            <div className="mt-1.5">
              <TemplateBadges template={t} />
            </div>
          </button>
        </li>
      ))}
    </ul>
  );
}
