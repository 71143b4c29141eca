import { useLiveStatus, type LiveStatus } from '../live/LiveStatus.ts';

const VIEW: Record<LiveStatus, { label: string; dot: string; title: string }> = {
  live: { label: 'Live', dot: 'bg-emerald-500', title: 'Changes appear as they happen' },
  polling: { label: 'Polling', dot: 'bg-amber-500', title: 'Live connection lost; refreshing every 30 seconds while reconnecting' },
  connecting: { label: 'Connecting', dot: 'bg-neutral-300', title: 'Connecting for live updates' },
};

export function LiveIndicator() {
  const status = useLiveStatus();
  const { label, dot, title } = VIEW[status];
  return (
    <span data-testid="live-status" data-status={status} title={title} className="flex items-center gap-1.5 text-xs text-neutral-500">
      <span className={`size-2 rounded-full ${dot}`} aria-hidden="true" />
      {label}
    </span>
  );
}
