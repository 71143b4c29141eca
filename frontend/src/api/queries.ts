import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { MeView, UserView } from '../../../server/auth/present.ts';
import type { ConfigView, VersionView } from '../../../server/health/present.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type User = UserView;

export const CONFIG_KEY = 'config';

export function useConfig() {
  return useQuery({
    queryKey: [CONFIG_KEY],
    queryFn: ({ signal }) => api<ConfigView>('/config', { signal, auth: false }),
    staleTime: Infinity,
  });
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: ({ signal }) => api<MeView>('/me', { signal }) });
}

export function useVersion() {
  return useQuery({ queryKey: ['version'], queryFn: ({ signal }) => api<VersionView>('/version', { signal }) });
}
