import { useState } from 'react';
import { useConfig } from '../api/queries.ts';
import { useTeam, type NewInviteView } from '../api/team.ts';
import { ErrorNote, Loading, SuccessNote } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CopyLink } from './team/CopyLink.tsx';
import { InviteForm } from './team/InviteForm.tsx';
import { MemberList } from './team/MemberList.tsx';
import { PendingInvites } from './team/PendingInvites.tsx';
import { SettingsTabs } from './team/SettingsTabs.tsx';

/** Settings > Team: who is on the team, their roles, and invites. */
export function TeamPage() {
  const team = useTeam();
  const supabase = useConfig().data?.authMode === 'supabase';
  const [link, setLink] = useState<NewInviteView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const show = (made: NewInviteView) => {
    setDone(made.path ? null : `${made.invite.email} can now sign in with Supabase as ${made.invite.role === 'admin' ? 'an admin' : 'an agent'} (invite valid 7 days).`);
    setLink(made);
  };
  const note = (message: string) => {
    setLink(null);
    setDone(message);
  };
  return (
    <>
      <PageHeader title="Team" description="The people who use this dashboard: admins manage everything, agents answer customers in the inbox." />
      <SettingsTabs />
      <div className="max-w-3xl space-y-4">
        <InviteForm onInvited={show} />
        {supabase && (
          <p className="text-xs text-neutral-500">
            This server signs people in with Supabase: an invite lets that email in with its role; they sign in (or are invited) through Supabase.
          </p>
        )}
        {link?.path && <CopyLink email={link.invite.email} path={link.path} />}
        {done && <SuccessNote>{done}</SuccessNote>}
        <ErrorNote error={team.error} />
        {team.isPending && <Loading />}
        {team.data && (
          <>
            <PendingInvites invites={team.data.invites} onReissued={show} onRevoked={(email) => note(`The invite for ${email} was revoked.`)} />
            <MemberList members={team.data.members} onDone={note} />
          </>
        )}
      </div>
    </>
  );
}
