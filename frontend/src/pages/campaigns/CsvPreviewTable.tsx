import { useQuery } from '@tanstack/react-query';
import { CAMPAIGNS, previewCsv, type CsvPreview } from '../../api/campaigns.ts';
import { ErrorNote } from '../../components/Notes.tsx';

// The chosen file's first rows as the server reads them, before the campaign is created: how the
// file was decoded and split, which column became what, and each row's verdict with its reason.

const ENCODINGS: Record<CsvPreview['encoding'], string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', 'windows-1252': 'Windows-1252' };

export function CsvPreviewTable({ file, templateIds }: { file: File; templateIds: string[] }) {
  const preview = useQuery({
    queryKey: [CAMPAIGNS, 'preview', file.name, file.size, file.lastModified, templateIds],
    queryFn: ({ signal }) => previewCsv(file, templateIds, signal),
    retry: false,
    staleTime: Infinity,
  });
  if (preview.isPending) return <p className="text-sm text-neutral-500">Reading the file…</p>;
  if (preview.error) return <ErrorNote error={preview.error} />;
  const p = preview.data;
  const used = p.columns.filter((c) => c.role);
  const invalid = p.rows.filter((r) => !r.valid).length;
  return (
    <section aria-label="CSV preview" className="space-y-2">
      <p data-testid="csv-format" className="text-xs text-neutral-600">
        Read as {ENCODINGS[p.encoding]}, {p.delimiter}-separated, {p.header ? 'with a header row' : 'without a header row (Phone, {{Media}}, {{1}}, … in that order)'}.{' '}
        {used.map((c, i) => (
          <span key={c.column}>
            {i > 0 && ', '}
            <span className="font-medium">
              {c.column}
              {c.label ? ` (${c.label})` : ''}
            </span>{' '}
            → <code>{c.role}</code>
          </span>
        ))}
        {p.columns.length > used.length && <span className="text-neutral-400">; {p.columns.length - used.length} column(s) not used</span>}
      </p>
      <div className="overflow-x-auto rounded-md border border-neutral-200">
        <table className="min-w-full text-left text-xs">
          <thead className="bg-neutral-50 text-neutral-600">
            <tr>
              <th className="px-2 py-1.5 font-medium">Row</th>
              <th className="px-2 py-1.5 font-medium">Phone</th>
              <th className="px-2 py-1.5 font-medium">Media</th>
              <th className="px-2 py-1.5 font-medium">Variables</th>
              <th className="px-2 py-1.5 font-medium">Check</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-100">
            {p.rows.map((r) => (
              <tr key={r.row} data-testid="preview-row" className={r.valid ? '' : 'bg-red-50/60'}>
                <td className="px-2 py-1 tabular-nums text-neutral-500">{r.row}</td>
                <td className="px-2 py-1 font-mono" title={r.rawPhone}>
                  {r.phone ?? r.rawPhone}
                </td>
                <td className="max-w-40 truncate px-2 py-1" title={r.mediaUrl ?? undefined}>
                  {r.mediaUrl ?? ''}
                </td>
                <td className="px-2 py-1">
                  {[...r.variables.map((v, i) => `{{${i + 1}}} ${v}`), ...Object.entries(r.named ?? {}).map(([k, v]) => `{{${k}}} ${v}`)].join(' · ')}
                </td>
                <td className={`px-2 py-1 ${r.valid ? 'text-emerald-700' : 'text-red-700'}`}>{r.valid ? 'OK' : r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-neutral-500">
        The first {p.rows.length} contacts{invalid ? `, ${invalid} of them invalid (they would be skipped)` : ''}. Every row is checked again when the campaign is created.
      </p>
    </section>
  );
}
