import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { CONFIG_KEY } from '../api/queries.ts';
import { Splash } from '../components/Splash.tsx';
import { AuthContext, type AuthValue } from './AuthContext.ts';

/** Shared by both modes: waits for the session to load and forgets cached data on sign-out. */
export function ProvideAuth({ value, children }: { value: AuthValue | undefined; children: ReactNode }) {
  const queryClient = useQueryClient();
  const signedOut = value !== undefined && value.user === null;

  useEffect(() => {
    if (signedOut) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== CONFIG_KEY });
  }, [signedOut, queryClient]);

  if (!value) return <Splash />;
  return <AuthContext value={value}>{children}</AuthContext>;
}
