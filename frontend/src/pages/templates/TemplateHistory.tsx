import type { TemplateChange } from '../../api/templates.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';

/** Every category/status/quarantine/active change, newest first. */
export function TemplateHistory({ history }: { history: TemplateChange[] }) {
  const timeZone = useTimeZone();
  if (!history.length) return <p className="text-sm text-neutral-500">No changes recorded since Parley first synced this template.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-neutral-200">
      <table className="min-w-full text-left text-xs">
        <thead className="bg-neutral-50 text-neutral-500">
          <tr>
            <th scope="col" className="px-2.5 py-1.5 font-medium">Time</th>
            <th scope="col" className="px-2.5 py-1.5 font-medium">Field</th>
            <th scope="col" className="px-2.5 py-1.5 font-medium">Change</th>
            <th scope="col" className="px-2.5 py-1.5 font-medium">Source</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {history.map((h, i) => (
            <tr key={i} data-testid="history-row" className="align-top text-neutral-700">
              <td className="px-2.5 py-1.5 whitespace-nowrap">{formatDateTime(h.createdAt, timeZone)}</td>
              <td className="px-2.5 py-1.5">{h.field}</td>
              <td className="px-2.5 py-1.5">
                <span className="whitespace-nowrap">
                  {h.oldValue ?? '—'} → <span className="font-medium text-neutral-900">{h.newValue ?? '—'}</span>
                </span>
                {h.detail && <span className="block text-neutral-500">{h.detail}</span>}
              </td>
              <td className="px-2.5 py-1.5">{h.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
