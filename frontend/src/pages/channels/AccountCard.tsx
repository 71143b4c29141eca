import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { NUMBERS, type ConnectionResult, type PhoneNumber } from '../../api/numbers.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorNote, SuccessNote } from '../../components/Notes.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { PhoneInfoView } from './PhoneInfoView.tsx';
import { QualityBadge } from './QualityBadge.tsx';

interface Props {
  number: PhoneNumber;
  onUpdateToken: () => void;
  onDelete: () => void;
}

export function NumberCard({ number: n, onUpdateToken, onDelete }: Props) {
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const check = useMutation({
    mutationFn: () => api<ConnectionResult>(`/numbers/${n.id}/check`, { method: 'POST' }),
    // A 190 marks the number inactive on the server: refresh the badges either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: [NUMBERS] }),
  });
  const sync = useMutation({
    mutationFn: () => api<{ jobs: unknown[] }>('/templates/sync', { method: 'POST', body: { numberId: n.id } }),
  });
  return (
    <li data-testid="number-card" className="rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="truncate text-sm font-semibold text-neutral-900">{n.display_name}</h2>
          <p className="text-sm text-neutral-600">
            {n.display_phone_number ?? 'Number not reported yet'}
            {n.verified_name && <span className="text-neutral-400"> · {n.verified_name}</span>}
          </p>
        </div>
        <div className="flex flex-wrap gap-1.5">
          {n.is_active ? <Badge tone="green">Active</Badge> : <Badge tone="red" title={n.inactive_reason ?? undefined}>Inactive</Badge>}
          {n.is_sandbox && <Badge tone="blue">Sandbox · test data</Badge>}
          <QualityBadge rating={n.quality_rating} />
        </div>
      </div>
      {!n.is_active && n.inactive_reason && (
        <p className="mt-2 text-sm text-red-700">
          Inactive: {n.inactive_reason}. {n.inactive_reason.startsWith('token expired') && 'Update the token to reactivate it.'}
        </p>
      )}
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-xs text-neutral-500 sm:grid-cols-2">
        <div>
          <dt className="inline">Phone number ID </dt>
          <dd className="inline font-mono text-neutral-700">{n.phone_number_id}</dd>
        </div>
        <div>
          <dt className="inline">WABA ID </dt>
          <dd className="inline font-mono text-neutral-700">{n.waba_id}</dd>
        </div>
        <div>
          <dt className="inline">Token updated </dt>
          <dd className="inline text-neutral-700">{formatDateTime(n.token_updated_at, timeZone)}</dd>
        </div>
      </dl>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button onClick={() => check.mutate()} disabled={check.isPending}>
          {check.isPending ? 'Testing…' : 'Test'}
        </Button>
        <Button onClick={() => sync.mutate()} disabled={sync.isPending}>
          Sync templates
        </Button>
        <Button onClick={onUpdateToken}>Update token</Button>
        <Button variant="ghost" onClick={onDelete} className="text-red-700 hover:text-red-800">
          Delete
        </Button>
      </div>
      <div className="mt-3 space-y-2 empty:hidden">
        {check.isSuccess && <PhoneInfoView phone={check.data.phone} />}
        <ErrorNote error={check.error} />
        {sync.isSuccess && <SuccessNote>Template sync queued; the Templates page updates when it finishes.</SuccessNote>}
        <ErrorNote error={sync.error} />
      </div>
    </li>
  );
}
