import { useReissueInvite, useRevokeInvite, type InviteView, type NewInviteView } from '../../api/team.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';

/** Invites not accepted yet: re-issue (a new link, 7 more days) or revoke. */
export function PendingInvites({ invites, onReissued, onRevoked }: { invites: InviteView[]; onReissued: (i: NewInviteView) => void; onRevoked: (email: string) => void }) {
  const timeZone = useTimeZone();
  const reissue = useReissueInvite();
  const revoke = useRevokeInvite();
  if (!invites.length) return null;
  return (
    <section aria-label="Pending invites" className="rounded-lg border border-neutral-200 bg-white">
      <h2 className="px-5 pt-5 text-sm font-semibold text-neutral-900">Pending invites</h2>
      <div className="px-5">
        <ErrorNote error={reissue.error ?? revoke.error} />
      </div>
      <ul className="mt-2 divide-y divide-neutral-100">
        {invites.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3 text-sm">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium text-neutral-900">{i.name ? `${i.name} (${i.email})` : i.email}</p>
              <p className="text-xs text-neutral-500">
                {i.role === 'admin' ? 'Admin' : 'Agent'}
                {i.invitedBy && ` · invited by ${i.invitedBy}`} · {i.expired ? 'expired' : 'expires'} {formatShort(i.expiresAt, timeZone)}
              </p>
            </div>
            {i.expired && <Badge tone="amber">Expired</Badge>}
            <Button disabled={reissue.isPending} onClick={() => reissue.mutate(i.id, { onSuccess: onReissued })}>
              Re-issue link
            </Button>
            <Button variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate(i.id, { onSuccess: () => onRevoked(i.email) })}>
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
