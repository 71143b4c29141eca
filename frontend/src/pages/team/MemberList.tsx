import { useState } from 'react';
import { useMe } from '../../api/queries.ts';
import { useChangeRole, useRemoveMember, type MemberView, type Role } from '../../api/team.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';

const AVAILABILITY_TONE = { online: 'green', away: 'amber', offline: 'grey' } as const;

/** The people on the team: role (changeable), availability, last sign-in, and Remove. */
export function MemberList({ members, onDone }: { members: MemberView[]; onDone: (message: string) => void }) {
  const myId = useMe().data?.user.id;
  const timeZone = useTimeZone();
  const changeRole = useChangeRole();
  const [removing, setRemoving] = useState<MemberView | null>(null);
  return (
    <section aria-label="Members" className="rounded-lg border border-neutral-200 bg-white">
      <h2 className="px-5 pt-5 text-sm font-semibold text-neutral-900">Members</h2>
      <div className="px-5">
        <ErrorNote error={changeRole.error} />
      </div>
      <ul className="mt-2 divide-y divide-neutral-100">
        {members.map((m) => {
          const locked = m.id === myId || m.managedBy !== null;
          return (
            <li key={m.id} data-testid={`member-${m.email}`} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-neutral-900">
                  {m.name ?? m.email} {m.id === myId && <span className="font-normal text-neutral-500">(you)</span>}
                </p>
                <p className="truncate text-xs text-neutral-500">
                  {m.email} · {m.lastLoginAt ? `last sign-in ${formatShort(m.lastLoginAt, timeZone)}` : 'never signed in'}
                  {m.managedBy && ` · role set by ${m.managedBy}`}
                </p>
              </div>
              <Badge tone={AVAILABILITY_TONE[m.availability]}>{m.availability}</Badge>
              <select
                aria-label={`Role of ${m.email}`}
                value={m.role}
                disabled={locked || changeRole.isPending}
                title={m.id === myId ? 'Another admin must change your role' : m.managedBy ? `Set by ${m.managedBy} in the server environment` : undefined}
                onChange={(e) =>
                  changeRole.mutate({ id: m.id, role: e.target.value as Role }, { onSuccess: (u) => onDone(`${u.email} is now ${u.role === 'admin' ? 'an admin' : 'an agent'}.`) })
                }
                className="rounded-md border border-neutral-300 bg-white px-2 py-1 text-sm disabled:opacity-60"
              >
                <option value="agent">Agent</option>
                <option value="admin">Admin</option>
              </select>
              <Button variant="ghost" disabled={locked} onClick={() => setRemoving(m)}>
                Remove
              </Button>
            </li>
          );
        })}
      </ul>
      {removing && (
        <RemoveDialog
          member={removing}
          onClose={(message) => {
            setRemoving(null);
            if (message) onDone(message);
          }}
        />
      )}
    </section>
  );
}

function RemoveDialog({ member, onClose }: { member: MemberView; onClose: (message?: string) => void }) {
  const remove = useRemoveMember();
  return (
    <Dialog title={`Remove ${member.name ?? member.email}?`} onClose={() => onClose()}>
      <p className="text-sm text-neutral-600">
        They are signed out everywhere at once and can no longer sign in; their conversations become unassigned. Their messages and notes stay, and you can invite them
        again later.
      </p>
      <ErrorNote error={remove.error} />
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={() => onClose()}>Cancel</Button>
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(member.id, {
              onSuccess: (r) => onClose(`${member.email} was removed; ${r.unassignedConversations} conversation${r.unassignedConversations === 1 ? '' : 's'} unassigned.`),
            })
          }
        >
          Remove
        </Button>
      </div>
    </Dialog>
  );
}
