export interface StatCard {
  key: string;
  label: string;
  value: string;
  note?: string;
}

/** A row of figure cards; each card is `${testId}-${key}` and its figure `${testId}-value`. */
export function StatCards({ items, testId, gridClassName }: { items: StatCard[]; testId: string; gridClassName: string }) {
  return (
    <dl className={`grid gap-3 ${gridClassName}`}>
      {items.map((c) => (
        <div key={c.key} data-testid={`${testId}-${c.key}`} className="rounded-lg border border-neutral-200 bg-white px-4 py-3">
          <dt className="text-xs text-neutral-500">{c.label}</dt>
          <dd className="mt-1 flex items-baseline gap-2">
            <span data-testid={`${testId}-value`} className="text-lg font-semibold tabular-nums text-neutral-900">
              {c.value}
            </span>
            {c.note && <span className="text-xs text-neutral-500">{c.note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
