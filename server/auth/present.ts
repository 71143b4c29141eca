import { z } from 'zod';

// Sessions and the signed-in user as the API shows them. The frontend imports these types.

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  /** admin, or the role a Supabase allowlist gives. */
  role: z.string(),
});
export type UserView = z.infer<typeof userView>;

/** What login, refresh and a password change answer (local mode). */
export const sessionView = z.object({
  accessToken: z.string(),
  /** Works once: a refresh answers a new one. */
  refreshToken: z.string(),
  /** Seconds the access token lives. */
  expiresIn: z.number(),
  user: userView,
});
export type SessionView = z.infer<typeof sessionView>;

export const meView = z.object({
  user: userView,
  workspace: z.object({ id: z.string(), name: z.string() }),
});
export type MeView = z.infer<typeof meView>;

/** Takes a users row or the request's auth, both of which carry more (hash, workspace, token version). */
export function presentUser(u: UserView): UserView {
  return { id: u.id, email: u.email, role: u.role };
}
