import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { TEAM_ROLES } from './queries.ts';

const role = z.enum(TEAM_ROLES, { error: 'role must be admin or agent' });
const personName = z.string().trim().min(1, 'enter a name').max(100, 'the name must be at most 100 characters');

export const inviteBody = z.object({
  email: z.email('enter an email address').max(320).transform((e) => e.toLowerCase()),
  role,
  name: personName.nullish(),
});

export const roleBody = z.object({ role });

// The token travels in the body, never in a URL: URLs end up in access logs.
const inviteToken = z.string().min(20, 'the invite token is incomplete').max(200).regex(/^[A-Za-z0-9_-]+$/, 'the invite token is not valid');

export const inviteLookupBody = z.object({ token: inviteToken });

export const acceptInviteBody = z.object({
  token: inviteToken,
  name: personName,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `the password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024, 'the password must be at most 1024 characters'),
});
