import { z } from 'zod';
import { iso, isoOrNull } from '../http/present.ts';
import type { InviteRow, MemberRow } from './queries.ts';

// The team as the API shows it. The frontend imports these types.

export const memberView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(['admin', 'agent']),
  availability: z.enum(['online', 'away', 'offline']),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  /** Supabase mode: the env allowlist that decides this person's role (change it there), or null. */
  managedBy: z.enum(['ADMIN_EMAILS', 'AGENT_EMAILS']).nullable(),
});
export type MemberView = z.infer<typeof memberView>;

export const inviteView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(['admin', 'agent']),
  expiresAt: z.string(),
  expired: z.boolean(),
  createdAt: z.string(),
  invitedBy: z.string().nullable(),
});
export type InviteView = z.infer<typeof inviteView>;

export const teamView = z.object({
  members: z.array(memberView),
  /** Not accepted nor revoked yet, expired ones included (re-issue them). */
  invites: z.array(inviteView),
});
export type TeamView = z.infer<typeof teamView>;

/** A new or re-issued invite: the link's path holds the secret and is shown this once. */
export const newInviteView = z.object({
  invite: inviteView,
  /** Local mode: `/invite#<token>`, to put after the dashboard's address. Null in Supabase mode (they sign in with Supabase). */
  path: z.string().nullable(),
});
export type NewInviteView = z.infer<typeof newInviteView>;

export const removedView = z.object({ unassignedConversations: z.number() });

export const inviteLookupView = z.object({
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(['admin', 'agent']),
  expiresAt: z.string(),
  workspaceName: z.string(),
});
export type InviteLookupView = z.infer<typeof inviteLookupView>;

export const presentMember = (m: MemberRow, managedBy: MemberView['managedBy']): MemberView => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.role,
  availability: m.availability,
  lastLoginAt: isoOrNull(m.last_login_at),
  createdAt: iso(m.created_at),
  managedBy,
});

export const presentInvite = (i: InviteRow, now = new Date()): InviteView => ({
  id: i.id,
  email: i.email,
  name: i.name,
  role: i.role,
  expiresAt: iso(i.expires_at),
  expired: new Date(i.expires_at).getTime() <= now.getTime(),
  createdAt: iso(i.created_at),
  invitedBy: i.created_by_email ?? null,
});

export const invitePath = (token: string | null) => (token ? `/invite#${token}` : null);
