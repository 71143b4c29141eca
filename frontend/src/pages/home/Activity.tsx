import { useState } from 'react';
import { useOverview, type Overview } from '../../api/home.ts';
import { DailyChart } from '../../charts/lazy.tsx';
import { EmptyState, ErrorNote, Loading } from '../../components/Notes.tsx';
import { StatCards } from '../../components/StatCards.tsx';
import { formatCount as count, formatPercent as percent } from '../../lib/format.ts';

const PERIODS = [7, 14, 30] as const;

function SummaryCards({ o }: { o: Overview }) {
  const cards = [
    { key: 'campaigns', label: 'Campaigns', value: count(o.campaigns.total) },
    { key: 'active', label: 'Sending or queued', value: count(o.campaigns.active) },
    { key: 'scheduled', label: 'Scheduled', value: count(o.campaigns.scheduled) },
    { key: 'sent', label: 'Messages sent', value: count(o.totals.sent) },
    { key: 'delivered', label: 'Delivered', value: count(o.totals.delivered), note: percent(o.totals.deliveryRate) },
    { key: 'read', label: 'Read', value: count(o.totals.read), note: percent(o.totals.readRate) },
    { key: 'failed', label: 'Failed', value: count(o.totals.failed), note: percent(o.totals.failureRate) },
  ];
  return <StatCards items={cards} testId="summary" gridClassName="grid-cols-2 sm:grid-cols-4 xl:grid-cols-7" />;
}

const ended = (n: Overview['numbers'][number]) => n.daily.reduce((sum, d) => sum + d.sent + d.failed, 0);

/** Campaign summary cards and each number's daily sent / delivered / read / failed over a chosen period. */
export function Activity() {
  const [days, setDays] = useState<number>(14);
  const overview = useOverview(days);
  const o = overview.data;
  const sending = o?.numbers.filter((n) => ended(n) > 0) ?? [];
  return (
    <section aria-labelledby="activity-title" className="mb-6 space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="activity-title" className="text-sm font-semibold text-neutral-900">
          Messages and campaigns
          {o && <span className="ml-2 font-normal text-neutral-500">by day in {o.timeZone}; a message counts on the day it was sent</span>}
        </h2>
        <div role="group" aria-label="Period" className="inline-flex overflow-hidden rounded-md border border-neutral-200 text-sm">
          {PERIODS.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={days === p}
              onClick={() => setDays(p)}
              className={`px-3 py-1 ${days === p ? 'bg-emerald-600 text-white' : 'bg-white text-neutral-700 hover:bg-neutral-50'}`}
            >
              {p} days
            </button>
          ))}
        </div>
      </div>
      <ErrorNote error={overview.error} />
      {!o && overview.isPending && <Loading />}
      {o && (
        <>
          <SummaryCards o={o} />
          {sending.length === 0 ? (
            <EmptyState title={`No messages sent in the last ${days} days`}>Each number gets a daily chart here once a campaign or a reply goes out.</EmptyState>
          ) : (
            <div className="grid gap-4 lg:grid-cols-2">
              {sending.map((n) => (
                <section key={n.id} data-testid="daily-chart" data-number={n.name} data-total={ended(n)} className="rounded-lg border border-neutral-200 bg-white p-4">
                  <h3 className="mb-2 text-sm font-medium text-neutral-900">
                    {n.name}
                    {n.phone && <span className="ml-1 font-normal text-neutral-500">{n.phone}</span>}
                  </h3>
                  <DailyChart number={n} />
                </section>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
