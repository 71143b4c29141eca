import { lazy, Suspense, type ReactNode } from 'react';
import { useConfig } from '../api/queries.ts';
import { Splash } from '../components/Splash.tsx';
import { LocalAuth } from './LocalAuth.tsx';

// supabase-js is only downloaded when the server is configured for Supabase Auth.
const SupabaseAuth = lazy(() => import('./SupabaseAuth.tsx'));

/** Picks the auth mode from GET /api/config and provides useAuth() for it. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const config = useConfig();
  if (config.isPending) return <Splash />;
  if (config.isError) {
    return (
      <Splash>
        <p>{config.error.message}</p>
        <button type="button" onClick={() => config.refetch()} className="mt-3 font-medium text-emerald-700 hover:underline">
          Try again
        </button>
      </Splash>
    );
  }
  const { authMode, supabaseUrl, supabaseAnonKey } = config.data;
  if (authMode === 'local') return <LocalAuth>{children}</LocalAuth>;
  if (!supabaseUrl || !supabaseAnonKey) return <Splash>The server is in Supabase mode but sent no Supabase URL or key.</Splash>;
  return (
    <Suspense fallback={<Splash />}>
      <SupabaseAuth url={supabaseUrl} anonKey={supabaseAnonKey}>
        {children}
      </SupabaseAuth>
    </Suspense>
  );
}
