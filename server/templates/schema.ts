import { z } from 'zod';

export const listTemplatesQuery = z.object({
  numberId: z.uuid().optional(),
  state: z.enum(['sendable', 'quarantined', 'inactive', 'all']).default('all'),
  search: z.string().trim().max(100).optional(),
});

export const syncBody = z.object({ numberId: z.uuid().optional() });
