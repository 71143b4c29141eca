import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export interface AppConfig {
  authMode: 'local' | 'supabase';
  supabaseUrl: string | null;
  supabaseAnonKey: string | null;
  timezone: string;
  version: string;
}

export interface User {
  id: string;
  email: string;
  role: string;
}

export interface Me {
  user: User;
  workspace: { id: string; name: string };
}

export interface VersionInfo {
  version: string;
  commit: string | null;
  startedAt: string;
  mode: 'embedded' | 'external';
}

export const CONFIG_KEY = 'config';

export function useConfig() {
  return useQuery({
    queryKey: [CONFIG_KEY],
    queryFn: ({ signal }) => api<AppConfig>('/config', { signal, auth: false }),
    staleTime: Infinity,
  });
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: ({ signal }) => api<Me>('/me', { signal }) });
}

export function useVersion() {
  return useQuery({ queryKey: ['version'], queryFn: ({ signal }) => api<VersionInfo>('/version', { signal }) });
}
