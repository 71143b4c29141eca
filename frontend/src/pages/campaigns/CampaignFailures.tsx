import { useCampaignFailures } from '../../api/campaigns.ts';
import { ErrorNote } from '../../components/Notes.tsx';
import { formatCount as count } from '../../lib/format.ts';

/** Why sends failed, without exporting the CSV: one row per Meta error code, most frequent first. */
export function CampaignFailures({ campaignId, failed }: { campaignId: string; failed: number }) {
  const groups = useCampaignFailures(campaignId, failed > 0);
  if (failed === 0) return null;
  return (
    <section aria-labelledby="failures-title" className="mt-4 rounded-lg border border-neutral-200 bg-white p-5">
      <h2 id="failures-title" className="text-sm font-semibold text-neutral-900">
        Failures by cause
      </h2>
      <ErrorNote error={groups.error} />
      <table className="mt-3 w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-neutral-500">
            <th className="py-1 font-normal">Meta code</th>
            <th className="py-1 font-normal">Cause</th>
            <th className="py-1 text-right font-normal">Contacts</th>
          </tr>
        </thead>
        <tbody>
          {(groups.data ?? []).map((g) => (
            <tr key={`${g.code}|${g.title}`} data-testid="failure-group" className="border-t border-neutral-100">
              <td className="py-1.5 tabular-nums">{g.code ?? '–'}</td>
              <td className="py-1.5">{g.title}</td>
              <td className="py-1.5 text-right tabular-nums">{count(g.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
