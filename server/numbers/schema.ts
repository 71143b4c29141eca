import { z } from 'zod';

const graphId = (what: string) => z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, `${what} must be the numeric id from Meta's WhatsApp Manager`);
const token = z.string().trim().min(8, 'access token looks too short').max(2048);

export const connectionBody = z.object({
  phoneNumberId: graphId('phoneNumberId'),
  accessToken: token,
  sandbox: z.boolean().default(false),
});

export const addNumberBody = connectionBody.extend({
  displayName: z.string().trim().min(1).max(100),
  wabaId: graphId('wabaId'),
  systemPrompt: z.string().max(20_000).default(''),
});

export const updateTokenBody = z.object({ accessToken: token });
