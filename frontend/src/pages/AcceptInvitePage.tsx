import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import { useConfig } from '../api/queries.ts';
import { lookupInvite, type InviteLookupView } from '../api/team.ts';
import { useAuth } from '../auth/AuthContext.ts';
import { adoptSession } from '../auth/localSession.ts';
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from '../auth/NewPasswordForm.tsx';
import { Button } from '../components/Button.tsx';
import { Field, INPUT } from '../components/Field.tsx';
import { ErrorNote, Loading } from '../components/Notes.tsx';
import type { SessionView } from '../../../server/auth/present.ts';

// /invite#<token>: the token stays in the fragment, which browsers never send to a server, so it
// reaches no access log; the page posts it to the API in a request body.

/** The invitee chooses a name and password and lands in the dashboard, signed in. */
export function AcceptInvitePage() {
  const token = decodeURIComponent(window.location.hash.slice(1));
  const supabase = useConfig().data?.authMode === 'supabase';
  const { user } = useAuth();
  // Not a cached query: while signed out, the auth provider clears the query cache.
  const [invite, setInvite] = useState<{ data?: InviteLookupView; error?: Error }>({});
  useEffect(() => {
    if (!token || supabase) return;
    let live = true;
    lookupInvite(token).then(
      (data) => live && setInvite({ data }),
      (error: Error) => live && setInvite({ error }),
    );
    return () => {
      live = false;
    };
  }, [token, supabase]);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const accept = useMutation({
    mutationFn: () => api<SessionView>('/invites/accept', { method: 'POST', body: { token, name: name.trim(), password }, auth: false }),
    onSuccess: adoptSession,
  });

  if (accept.isSuccess && user) return <Navigate to="/" replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = name.trim() ? newPasswordProblem(password, repeated)?.replace('new password', 'password') ?? null : 'Enter your name.';
    setProblem(found);
    if (!found) accept.mutate();
  };

  let body;
  if (supabase) body = <p className="text-sm text-neutral-600">This Parley signs people in with Supabase: sign in with your invited email on the sign-in page.</p>;
  else if (!token) body = <Refused message="This invite link is incomplete: copy the whole link from the message you received." />;
  else if (invite.error) body = <Refused message={invite.error instanceof ApiError ? invite.error.message : 'The invite could not be checked; try again.'} />;
  else if (!invite.data) body = <Loading />;
  else
    body = (
      <form onSubmit={submit} noValidate className="space-y-3">
        <p className="text-sm text-neutral-600">
          You are invited to <strong>{invite.data.workspaceName}</strong> as {invite.data.role === 'admin' ? 'an admin' : 'an agent'}, with the email{' '}
          <strong>{invite.data.email}</strong>. Choose your name and a password.
        </p>
        <Field label="Your name" htmlFor="invite-name">
          <input id="invite-name" autoComplete="name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} className={INPUT} />
        </Field>
        <Field label="Password" htmlFor="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
          <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} className={INPUT} />
        </Field>
        <Field label="Repeat the password" htmlFor="repeat-password">
          <input id="repeat-password" type="password" autoComplete="new-password" value={repeated} onChange={(e) => setRepeated(e.target.value)} className={INPUT} />
        </Field>
        <ErrorNote error={problem ? new Error(problem) : accept.error} />
        <Button type="submit" variant="primary" className="w-full" disabled={accept.isPending}>
          Join and sign in
        </Button>
      </form>
    );

  return (
    <main className="flex min-h-dvh items-center justify-center bg-neutral-50 px-4">
      <title>Join · Parley</title>
      <div className="w-full max-w-sm">
        <h1 className="text-center text-2xl font-semibold tracking-tight text-neutral-900">Parley</h1>
        <p className="mt-1 text-center text-sm text-neutral-500">Join your team</p>
        <div className="mt-6 rounded-lg border border-neutral-200 bg-white p-6 shadow-sm">{body}</div>
        {(invite.data === undefined || supabase) && (
          <p className="mt-4 text-center text-sm">
            <Link to="/login" className="font-medium text-emerald-700 hover:underline">
              Go to sign-in
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}

function Refused({ message }: { message: string }) {
  return (
    <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
      {message}
    </p>
  );
}
