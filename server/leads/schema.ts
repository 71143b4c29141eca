import { z } from 'zod';
import { isoDateTime } from '../http/schemas.ts';

export const leadListQuery = z.object({
  numberId: z.uuid().optional(),
  urgency: z.enum(['low', 'medium', 'high']).optional(),
  fit: z.enum(['low', 'medium', 'high']).optional(),
  engagement: z.enum(['low', 'medium', 'high']).optional(),
  /** Matches name, email, company, intent or phone. */
  search: z.string().trim().max(100).optional(),
  /** Extracted on or after / before (ISO 8601). */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  hasDemo: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type LeadFilters = Omit<z.infer<typeof leadListQuery>, 'limit'>;
