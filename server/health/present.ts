import { z } from 'zod';

// The system routes' answers. The frontend imports these types.

/** What the dashboard needs before sign-in. */
export const configView = z.object({
  authMode: z.enum(['local', 'supabase']),
  /** Supabase's public URL and anon key; null in local mode. */
  supabaseUrl: z.string().nullable(),
  supabaseAnonKey: z.string().nullable(),
  /** The workspace time zone dates are shown in, e.g. Asia/Kolkata. */
  timezone: z.string(),
  version: z.string(),
});
export type ConfigView = z.infer<typeof configView>;

export const versionView = z.object({
  version: z.string(),
  /** The git commit built, when known. */
  commit: z.string().nullable(),
  startedAt: z.string(),
  /** Whether Parley runs its own Postgres or uses DATABASE_URL. */
  mode: z.enum(['embedded', 'external']),
});
export type VersionView = z.infer<typeof versionView>;
