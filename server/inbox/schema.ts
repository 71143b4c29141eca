import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).or(z.iso.date());

export const listConversationsQuery = z.object({
  search: z.string().trim().max(100).optional(),
  numberId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(['open', 'archived', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().regex(/^\d{13}_[0-9a-f-]{36}$/, 'cursor must come from a previous page').optional(),
});

export const listMessagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /** Message id: return messages older than it (scrolling up). */
  before: z.coerce.number().int().positive().optional(),
});
