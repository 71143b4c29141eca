import { lazy, Suspense, type ComponentProps, type ComponentType } from 'react';

// Chart.js is ~175 kB (60 kB gzipped): it loads with the first chart shown, not with the dashboard.
const load = () => import('./charts.tsx');

function deferred<P extends object>(pick: (m: Awaited<ReturnType<typeof load>>) => ComponentType<P>, height: string) {
  const Lazy = lazy(() => load().then((m) => ({ default: pick(m) })));
  return function DeferredChart(props: P) {
    return (
      <Suspense fallback={<div className={`${height} animate-pulse rounded-md bg-neutral-100`} />}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const DailyChart = deferred<ComponentProps<typeof import('./charts.tsx').DailyChart>>((m) => m.DailyChart, 'h-56');
export const RateChart = deferred<ComponentProps<typeof import('./charts.tsx').RateChart>>((m) => m.RateChart, 'h-64');
export const FunnelChart = deferred<ComponentProps<typeof import('./charts.tsx').FunnelChart>>((m) => m.FunnelChart, 'h-48');
