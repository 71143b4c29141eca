import { z } from 'zod';

export const loginBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

export const refreshBody = z.object({ refreshToken: z.string().min(20).max(200) });
