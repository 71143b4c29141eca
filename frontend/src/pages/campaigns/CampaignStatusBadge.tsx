import type { CampaignStatus } from '../../api/campaigns.ts';
import { Badge, type Tone } from '../../components/Badge.tsx';

const LOOK: Record<CampaignStatus, { tone: Tone; label: string }> = {
  scheduled: { tone: 'blue', label: 'Scheduled' },
  queued: { tone: 'grey', label: 'Queued' },
  running: { tone: 'green', label: 'Sending' },
  paused: { tone: 'amber', label: 'Paused' },
  stopped: { tone: 'amber', label: 'Stopped' },
  completed: { tone: 'green', label: 'Completed' },
  failed: { tone: 'red', label: 'Failed' },
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const look = LOOK[status];
  return (
    <Badge tone={look.tone} testId="campaign-status">
      {look.label}
    </Badge>
  );
}

/** Share of the valid contacts that got an answer from Meta (accepted or failed). */
export function ProgressBar({ done, total }: { done: number; total: number }) {
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="flex items-center gap-2" title={`${done.toLocaleString('en-IN')} of ${total.toLocaleString('en-IN')}`}>
      <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-1.5 w-full min-w-16 overflow-hidden rounded-full bg-neutral-100">
        <div className="h-full rounded-full bg-emerald-500 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <span className="w-9 shrink-0 text-right text-xs tabular-nums text-neutral-500">{pct}%</span>
    </div>
  );
}
