import { Link } from 'react-router-dom';
import { useCampaigns, type Campaign } from '../api/campaigns.ts';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatCount as count, formatShort } from '../lib/format.ts';
import { useTimeZone } from '../lib/useTimeZone.ts';
import { CampaignStatusBadge, ProgressBar } from './campaigns/CampaignStatusBadge.tsx';


function Summary({ items }: { items: Campaign[] }) {
  const cards = [
    { label: 'Campaigns', value: items.length },
    { label: 'Sending or queued', value: items.filter((c) => c.status === 'running' || c.status === 'queued').length },
    { label: 'Scheduled', value: items.filter((c) => c.status === 'scheduled').length },
    { label: 'Messages sent', value: items.reduce((sum, c) => sum + c.sentCount, 0) },
    { label: 'Failed sends', value: items.reduce((sum, c) => sum + c.failedCount, 0) },
  ];
  return (
    <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {cards.map((c) => (
        <div key={c.label} className="rounded-lg border border-neutral-200 bg-white px-4 py-3">
          <dt className="text-xs text-neutral-500">{c.label}</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums text-neutral-900">{count(c.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function When({ c, timeZone }: { c: Campaign; timeZone: string }) {
  if (c.status === 'scheduled' && c.scheduledAt) return <>Starts {formatShort(c.scheduledAt, timeZone)}</>;
  if (c.startedAt) return <>Started {formatShort(c.startedAt, timeZone)}</>;
  return <>Created {formatShort(c.createdAt, timeZone)}</>;
}

/** Every campaign of the workspace (newest 100), with live progress. */
export function CampaignsPage() {
  const campaigns = useCampaigns();
  const timeZone = useTimeZone();
  const items = campaigns.data ?? [];
  return (
    <>
      <PageHeader title="Campaigns" description="WhatsApp template campaigns sent from a CSV of contacts, with live delivery and read counts." />
      <div className="mb-4 flex justify-end">
        <Link to="/campaigns/new" className="rounded-md bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-emerald-700">
          New campaign
        </Link>
      </div>
      <ErrorNote error={campaigns.error} />
      {campaigns.isPending && <Loading />}
      {campaigns.isSuccess && items.length === 0 && (
        <EmptyState title="No campaigns yet">Press “New campaign”, pick a number and its approved UTILITY templates, and upload a CSV of contacts.</EmptyState>
      )}
      {items.length > 0 && (
        <>
          <Summary items={items} />
          <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-neutral-200 bg-neutral-50 text-xs text-neutral-500">
                <tr>
                  <th className="px-4 py-2 font-medium">Campaign</th>
                  <th className="px-4 py-2 font-medium">Status</th>
                  <th className="w-48 px-4 py-2 font-medium">Progress</th>
                  <th className="px-4 py-2 text-right font-medium">Sent</th>
                  <th className="px-4 py-2 text-right font-medium">Failed</th>
                  <th className="px-4 py-2 text-right font-medium">Contacts</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-neutral-100">
                {items.map((c) => (
                  <tr key={c.id} data-testid="campaign-row" data-name={c.name}>
                    <td className="px-4 py-2.5">
                      <Link to={`/campaigns/${c.id}`} className="font-medium text-neutral-900 hover:text-emerald-700 hover:underline">
                        {c.name}
                      </Link>
                      <p className="text-xs text-neutral-500">
                        {c.number.name} · <When c={c} timeZone={timeZone} />
                      </p>
                    </td>
                    <td className="px-4 py-2.5">
                      <CampaignStatusBadge status={c.status} />
                    </td>
                    <td className="px-4 py-2.5">
                      <ProgressBar done={c.sentCount + c.failedCount} total={c.validRows} />
                    </td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{count(c.sentCount)}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{count(c.failedCount)}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums" title={c.invalidRows ? `${count(c.invalidRows)} invalid rows skipped` : undefined}>
                      {count(c.validRows)}
                      {c.invalidRows > 0 && <span className="text-xs text-amber-700"> (+{count(c.invalidRows)} invalid)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
