import type { Message } from '../../api/inbox.ts';

const TICKS: Record<string, { marks: string; label: string; color: string }> = {
  sent: { marks: '✓', label: 'Sent', color: 'text-neutral-400' },
  delivered: { marks: '✓✓', label: 'Delivered', color: 'text-neutral-400' },
  read: { marks: '✓✓', label: 'Read', color: 'text-sky-500' },
  played: { marks: '✓✓', label: 'Played', color: 'text-sky-500' },
};

/** WhatsApp-style delivery state of an outbound message; failures show Meta's error. */
export function StatusTicks({ message: m }: { message: Message }) {
  if (m.direction !== 'outbound') return null;
  if (m.status === 'failed') {
    return (
      <span data-testid="status-failed" className="font-semibold text-red-600" title="Failed" aria-label="Failed">
        !
      </span>
    );
  }
  const tick = TICKS[m.status];
  if (!tick) {
    return (
      <span className="text-neutral-400" title={`Status: ${m.status}`} aria-label={`Status: ${m.status}`}>
        🕓
      </span>
    );
  }
  return (
    <span data-testid={`status-${m.status}`} className={`text-[13px] leading-none tracking-[-0.3em] ${tick.color}`} title={tick.label} aria-label={tick.label}>
      {tick.marks}
    </span>
  );
}

export function FailureNote({ message: m }: { message: Message }) {
  if (m.status !== 'failed') return null;
  return (
    <p data-testid="failure-reason" className="mt-1 text-xs text-red-600">
      Not delivered{m.errorTitle ? `: ${m.errorTitle}` : ''}
      {m.errorCode !== null && ` (error ${m.errorCode})`}
    </p>
  );
}
