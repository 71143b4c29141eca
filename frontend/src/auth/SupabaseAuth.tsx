import { createClient, isAuthRetryableFetchError, type Session, type SupabaseClient } from '@supabase/supabase-js';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { setSessionHandlers, type SessionHandlers } from '../api/client.ts';
import type { AuthValue } from './AuthContext.ts';
import { SetNewPassword } from '../pages/SetNewPassword.tsx';
import { ProvideAuth } from './ProvideAuth.tsx';

interface Props {
  url: string;
  anonKey: string;
  children: ReactNode;
}

/** Supabase mode: Supabase Auth in the browser; supabase-js stores and auto-refreshes the session. */
export default function SupabaseAuth({ url, anonKey, children }: Props) {
  const supabase = useMemo(() => createClient(url, anonKey), [url, anonKey]);
  const [session, setSession] = useState<Session | null>();
  // From the recovery link until the user has chosen a new password. supabase-js announces the
  // link with PASSWORD_RECOVERY, possibly before this component has subscribed (it reads the URL
  // as soon as the client exists), so the link itself counts too.
  const [recovering, setRecovering] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('type') === 'recovery');

  useEffect(() => {
    setSessionHandlers(handlers(supabase));
    // Fires INITIAL_SESSION first, then every sign-in, refresh and sign-out (in any tab), and
    // PASSWORD_RECOVERY when the page opens from the emailed reset link.
    const { data } = supabase.auth.onAuthStateChange((event, next) => {
      setSession(next);
      if (event === 'PASSWORD_RECOVERY') setRecovering(true);
      if (event === 'SIGNED_OUT') setRecovering(false);
    });
    return () => {
      data.subscription.unsubscribe();
      setSessionHandlers(null);
    };
  }, [supabase]);

  // undefined while supabase-js loads the stored session, null when signed out.
  const sessionEmail = session === undefined ? undefined : session ? (session.user.email ?? '') : null;
  const value = useMemo<AuthValue>(
    () => ({
      user: sessionEmail == null ? null : { email: sessionEmail },
      signIn: async (email, password) => {
        const { error } = await supabase.auth.signInWithPassword({ email, password });
        if (error) throw new Error(error.message);
      },
      signOut: async () => {
        await supabase.auth.signOut({ scope: 'local' });
      },
      changePassword: null,
      resetPassword: async (email) => {
        const { error } = await supabase.auth.resetPasswordForEmail(email, { redirectTo: window.location.origin });
        if (error) throw new Error(error.message);
      },
      supabase,
    }),
    [sessionEmail, supabase],
  );
  const setPassword = async (password: string) => {
    const { error } = await supabase.auth.updateUser({ password });
    if (error) throw new Error(error.message);
  };
  return (
    <ProvideAuth value={sessionEmail === undefined ? undefined : value}>
      {recovering && sessionEmail ? <SetNewPassword email={sessionEmail} setPassword={setPassword} onDone={() => setRecovering(false)} /> : children}
    </ProvideAuth>
  );
}

function handlers(supabase: SupabaseClient): SessionHandlers {
  return {
    token: async () => (await supabase.auth.getSession()).data.session?.access_token ?? null,
    refresh: async () => {
      const { error } = await supabase.auth.refreshSession();
      if (error && isAuthRetryableFetchError(error)) throw error;
      return !error;
    },
    expired: () => void supabase.auth.signOut({ scope: 'local' }),
  };
}
