import { useState, type FormEvent } from 'react';
import { useInvite, type NewInviteView, type Role } from '../../api/team.ts';
import { Button } from '../../components/Button.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** Email, optional name and role; the new invite (and its link, local mode) goes to onInvited. */
export function InviteForm({ onInvited }: { onInvited: (invite: NewInviteView) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const invite = useInvite();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(
      { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: (made) => {
          setEmail('');
          setName('');
          onInvited(made);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Invite someone" className="space-y-3 rounded-lg border border-neutral-200 bg-white p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Invite someone</h2>
      <div className="grid gap-3 sm:grid-cols-[2fr_2fr_1fr]">
        <Field label="Email" htmlFor="invite-email">
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} className={INPUT} />
        </Field>
        <Field label="Name (optional)" htmlFor="invite-name">
          <input id="invite-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} className={INPUT} />
        </Field>
        <Field label="Role" htmlFor="invite-role">
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)} className={INPUT}>
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </Field>
      </div>
      <p className="text-xs text-neutral-500">Agents use the inbox, contacts and leads. Admins also manage channels, templates, campaigns, automation, settings and the team.</p>
      <ErrorNote error={invite.error} />
      <Button type="submit" variant="primary" disabled={invite.isPending || !email.trim()}>
        Create invite
      </Button>
    </form>
  );
}
