import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

export const loginBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

export const refreshBody = z.object({ refreshToken: z.string().min(20).max(200) });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'enter your current password').max(1024),
  newPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `the new password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024, 'the new password must be at most 1024 characters'),
});
