import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { setSessionHandlers } from '../api/client.ts';
import type { AuthValue } from './AuthContext.ts';
import { ProvideAuth } from './ProvideAuth.tsx';
import { changePassword, getSession, keepFresh, localHandlers, login, logout, subscribe } from './localSession.ts';

/** Local mode: the server's own email + password sign-in with rotating refresh tokens. */
export function LocalAuth({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(subscribe, getSession);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    setSessionHandlers(localHandlers);
    setReady(true);
    return () => setSessionHandlers(null);
  }, []);
  useEffect(() => keepFresh(session), [session]);

  const email = session?.user.email ?? null;
  const value = useMemo<AuthValue>(
    () => ({ user: email === null ? null : { email }, signIn: login, signOut: logout, changePassword, resetPassword: null, supabase: null }),
    [email],
  );
  return <ProvideAuth value={ready ? value : undefined}>{children}</ProvideAuth>;
}
