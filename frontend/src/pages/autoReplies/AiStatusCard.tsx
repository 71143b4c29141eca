import { useAiStatus } from '../../api/autoReplies.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorNote, Loading } from '../../components/Notes.tsx';

/** Whether AI replies go out right now, and each reason they do not, as the server computes it. */
export function AiStatusCard() {
  const status = useAiStatus();
  const s = status.data;
  return (
    <section aria-label="AI replies" className="rounded-lg border border-neutral-200 bg-white p-5">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-neutral-900">AI replies</h2>
        {s && (
          <Badge tone={s.active ? 'green' : 'amber'} testId="ai-status">
            {s.active ? 'Active' : 'Not active'}
          </Badge>
        )}
      </div>
      <ErrorNote error={status.error} />
      {status.isPending && <Loading />}
      {s?.active && (
        <p className="mt-2 text-sm text-neutral-600">
          Agents answer on {s.answeringNumbers.map((n) => n.name).join(', ')}.{' '}
          {s.credits.enforced ? `Each reply costs ${s.credits.perReply} credit${s.credits.perReply === 1 ? '' : 's'} (balance ${s.credits.balance}).` : 'Credits are not enforced: replies are not charged.'}
        </p>
      )}
      {s && !s.active && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-amber-800" data-testid="ai-status-reasons">
          {s.reasons.map((r) => (
            <li key={r.code} data-code={r.code}>
              {r.message}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-xs text-neutral-500">Keyword rules and the default reply do not need any of this.</p>
    </section>
  );
}
