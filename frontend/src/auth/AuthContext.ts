import type { SupabaseClient } from '@supabase/supabase-js';
import { createContext, useContext } from 'react';

export interface AuthValue {
  /** The signed-in account, or null when signed out. */
  user: { email: string } | null;
  /** Throws an Error whose message can be shown as is (e.g. the server's). */
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Replaces the password after checking the current one, keeping this session; local mode only. */
  changePassword: ((current: string, next: string) => Promise<void>) | null;
  /** Emails a password-reset link; Supabase mode only. */
  resetPassword: ((email: string) => Promise<void>) | null;
  /** The Supabase client in Supabase mode (live updates use its Realtime). */
  supabase: SupabaseClient | null;
}

export const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
