import { z } from 'zod';
import { CHANNELS } from '../channels/channel.ts';
import { isoDateOrDateTime as isoDate, pageCursor } from '../http/schemas.ts';

export const listConversationsQuery = z.object({
  search: z.string().trim().max(100).optional(),
  accountId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(['open', 'archived', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: pageCursor.optional(),
});

export const listMessagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /** Message id: return messages older than it (scrolling up). */
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
