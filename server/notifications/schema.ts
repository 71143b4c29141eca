import { z } from 'zod';
import { pageCursor } from '../http/schemas.ts';

export const listNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Opaque cursor from the previous page's nextCursor ("Load more"). */
  cursor: pageCursor.optional(),
  unread: z.enum(['true', 'false']).optional(),
});

export const markReadBody = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
]);
