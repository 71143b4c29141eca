import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartOptions } from 'chart.js';
import { Bar, Chart } from 'react-chartjs-2';
import type { DayCounts, NumberRollup, RatePoint } from '../api/home.ts';

// Chart.js drawn through react-chartjs-2, in its own chunk (charts/lazy.tsx): pages without a
// chart never download it. Only the controllers and scales used here are registered.
ChartJS.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLORS = { sent: '#0ea5e9', delivered: '#10b981', read: '#6366f1', failed: '#ef4444', learned: '#f59e0b', throttled: '#a855f7' };

const baseOptions = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  interaction: { mode: 'index', intersect: false },
  plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
} satisfies ChartOptions<'bar'>;

// The days are app-zone calendar dates already: format them as dates, in no zone.
const dayLabel = new Intl.DateTimeFormat('en-IN', { timeZone: 'UTC', day: 'numeric', month: 'short' });

/** Sent / delivered / read / failed per app-zone day for one number. */
export function DailyChart({ number }: { number: NumberRollup }) {
  const labels = number.daily.map((d) => dayLabel.format(new Date(`${d.day}T00:00:00Z`)));
  const bars = (key: keyof DayCounts, label: string) => ({ label, data: number.daily.map((d) => d[key]), backgroundColor: COLORS[key] });
  return (
    <div className="h-56">
      <Bar
        aria-label={`Daily messages of ${number.name}`}
        data={{ labels, datasets: [bars('sent', 'Sent'), bars('delivered', 'Delivered'), bars('read', 'Read'), bars('failed', 'Failed')] }}
        options={{ ...baseOptions, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }}
      />
    </div>
  );
}

/** Accepted sends per second against the rate the adaptive controller had learned. */
export function RateChart({ points, timeZone }: { points: RatePoint[]; timeZone: string }) {
  const time = new Intl.DateTimeFormat('en-IN', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const round = (n: number) => Math.round(n * 10) / 10;
  const pointRadius = points.length < 30 ? 4 : 0; // a short campaign is a few dots, not an invisible line
  const line = (label: string, color: string, value: (p: RatePoint) => number, extra: object = {}) => ({
    label,
    data: points.map((p) => round(value(p))),
    borderColor: color,
    backgroundColor: color,
    pointRadius,
    borderWidth: 2,
    ...extra,
  });
  const datasets = [
    line('Sent (msg/s)', COLORS.sent, (p) => p.sentPerSecond),
    line('Learned rate (msg/s)', COLORS.learned, (p) => p.learnedRate, { borderDash: [6, 4], stepped: true }),
    // refusals only when there were any: a clean campaign's chart stays readable
    ...(points.some((p) => p.throttledPerSecond > 0) ? [line('Throttled, 130429 (msg/s)', COLORS.throttled, (p) => p.throttledPerSecond, { borderWidth: 1 })] : []),
    ...(points.some((p) => p.errorsPerSecond > 0) ? [line('Other errors (msg/s)', COLORS.failed, (p) => p.errorsPerSecond, { borderWidth: 1 })] : []),
  ];
  return (
    <div className="h-64">
      <Chart
        type="line"
        aria-label="Send rate against the learned rate"
        data={{ labels: points.map((p) => time.format(new Date(p.at))), datasets }}
        options={{ ...baseOptions, scales: { y: { beginAtZero: true, title: { display: true, text: 'msg/s' } } } }}
      />
    </div>
  );
}

/** Sent -> delivered -> read, and failed beside them, as horizontal bars. */
export function FunnelChart({ counts }: { counts: DayCounts }) {
  const steps: Array<[string, number, string]> = [
    ['Sent', counts.sent, COLORS.sent],
    ['Delivered', counts.delivered, COLORS.delivered],
    ['Read', counts.read, COLORS.read],
    ['Failed', counts.failed, COLORS.failed],
  ];
  return (
    <div className="h-48">
      <Bar
        aria-label="Delivery funnel"
        data={{ labels: steps.map((s) => s[0]), datasets: [{ label: 'Messages', data: steps.map((s) => s[1]), backgroundColor: steps.map((s) => s[2]) }] }}
        options={{ ...baseOptions, indexAxis: 'y', plugins: { ...baseOptions.plugins, legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
      />
    </div>
  );
}
