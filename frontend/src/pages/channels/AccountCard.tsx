import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ACCOUNTS, isMetaChannel, type AccountView, type ConnectionResult } from '../../api/accounts.ts';
import { api } from '../../api/client.ts';
import type { SyncQueuedView } from '../../api/templates.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { ErrorNote, SuccessNote } from '../../components/Notes.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { CHANNEL_FORMS } from './channelForms.ts';
import { ConnectionInfo } from './ConnectionInfo.tsx';
import { QualityBadge } from './QualityBadge.tsx';
import { SandboxMessageForm } from './SandboxMessageForm.tsx';

interface Props {
  account: AccountView;
  onUpdateToken: () => void;
  onDelete: () => void;
}

export function AccountCard({ account: a, onUpdateToken, onDelete }: Props) {
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const check = useMutation({
    mutationFn: () => api<ConnectionResult>(`/accounts/${a.id}/check`, { method: 'POST' }),
    // A 190 marks the account inactive on the server: refresh the badges either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: [ACCOUNTS] }),
  });
  const sync = useMutation({
    mutationFn: () => api<SyncQueuedView>('/templates/sync', { method: 'POST', body: { numberId: a.id } }),
  });
  const whatsapp = a.channel === 'whatsapp';
  const shown = a.displayPhoneNumber ?? a.handle;
  const unreported = whatsapp ? 'Number not reported yet' : a.channel === 'instagram' ? 'Username not reported yet' : null;
  // A Page's handle is its name, often the display name too: said once.
  const subtitle = shown ? (shown === a.displayName ? null : shown) : unreported;
  const idLabel = isMetaChannel(a.channel) ? CHANNEL_FORMS[a.channel].ids[0].label : 'Widget key';
  return (
    <li data-testid="account-card" data-channel={a.channel} data-name={a.displayName} className="rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="truncate text-sm font-semibold text-neutral-900">{a.displayName}</h3>
          <p className="text-sm text-neutral-600 empty:hidden">
            {subtitle}
            {a.verifiedName && a.verifiedName !== a.displayName && a.verifiedName !== shown && <span className="text-neutral-400"> · {a.verifiedName}</span>}
          </p>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <ChannelBadge channel={a.channel} />
          {a.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="red" title={a.inactiveReason ?? undefined}>Inactive</Badge>}
          {a.isSandbox && <Badge tone="blue">Sandbox · test data</Badge>}
          {whatsapp && <QualityBadge rating={a.qualityRating} />}
        </div>
      </div>
      {!a.isActive && a.inactiveReason && (
        <p className="mt-2 text-sm text-red-700">
          Inactive: {a.inactiveReason}. {a.inactiveReason.startsWith('token expired') && 'Update the token to reactivate it.'}
        </p>
      )}
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-xs text-neutral-500 sm:grid-cols-2">
        <div>
          <dt className="inline">{idLabel} </dt>
          <dd className="inline font-mono text-neutral-700">{a.externalId}</dd>
        </div>
        {a.wabaId && (
          <div>
            <dt className="inline">WABA ID </dt>
            <dd className="inline font-mono text-neutral-700">{a.wabaId}</dd>
          </div>
        )}
        <div>
          <dt className="inline">Token updated </dt>
          <dd className="inline text-neutral-700">{formatDateTime(a.tokenUpdatedAt, timeZone)}</dd>
        </div>
      </dl>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button onClick={() => check.mutate()} disabled={check.isPending}>
          {check.isPending ? 'Testing…' : 'Test'}
        </Button>
        {whatsapp && (
          <Button onClick={() => sync.mutate()} disabled={sync.isPending}>
            Sync templates
          </Button>
        )}
        <Button onClick={onUpdateToken}>Update token</Button>
        <Button variant="ghost" onClick={onDelete} className="text-red-700 hover:text-red-800">
          Delete
        </Button>
      </div>
      <div className="mt-3 space-y-2 empty:hidden">
        {check.isSuccess && <ConnectionInfo channel={a.channel} account={check.data.account} />}
        <ErrorNote error={check.error} />
        {sync.isSuccess && <SuccessNote>Template sync queued; the Templates page updates when it finishes.</SuccessNote>}
        <ErrorNote error={sync.error} />
      </div>
      {a.isSandbox && a.isActive && <SandboxMessageForm account={a} />}
    </li>
  );
}
