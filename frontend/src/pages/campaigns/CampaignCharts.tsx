import type { CampaignDetail } from '../../api/campaigns.ts';
import { useCampaignRate } from '../../api/home.ts';
import { FunnelChart, RateChart } from '../../charts/lazy.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** The campaign's send rate over time against the rate the sender had learned, and its delivery funnel. */
export function CampaignCharts({ id, stats, timeZone }: { id: string; stats: CampaignDetail['stats']; timeZone: string }) {
  const rate = useCampaignRate(id);
  const points = rate.data?.points ?? [];
  return (
    <div className="mt-4 grid gap-4 lg:grid-cols-3">
      <section data-testid="rate-chart" data-points={points.length} className="rounded-lg border border-neutral-200 bg-white p-4 lg:col-span-2">
        <h2 className="text-sm font-semibold text-neutral-900">Send rate</h2>
        <p className="mb-2 text-xs text-neutral-500">
          Messages Meta accepted per second{rate.data ? ` (${rate.data.bucketSeconds} s steps)` : ''}, against the rate the sender had learned for this number.
        </p>
        <ErrorNote error={rate.error} />
        {points.length ? <RateChart points={points} timeZone={timeZone} /> : <p className="py-10 text-center text-sm text-neutral-400">{rate.isPending ? 'Loading…' : 'Nothing sent yet.'}</p>}
      </section>
      <section data-testid="funnel-chart" data-sent={stats.sent} className="rounded-lg border border-neutral-200 bg-white p-4">
        <h2 className="text-sm font-semibold text-neutral-900">Delivery funnel</h2>
        <p className="mb-2 text-xs text-neutral-500">Sent, then delivered, then read; failed beside them.</p>
        <FunnelChart counts={stats} />
      </section>
    </div>
  );
}
