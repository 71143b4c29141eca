import { z } from 'zod';

export const listNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Opaque cursor from the previous page's nextCursor ("Load more"). */
  cursor: z.string().regex(/^\d{13}_[0-9a-f-]{36}$/, 'cursor must come from a previous page').optional(),
  unread: z.enum(['true', 'false']).optional(),
});

export const markReadBody = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
]);
