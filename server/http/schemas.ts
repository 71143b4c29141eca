import { z } from 'zod';

/** Route parameter `:id` of any uuid-keyed resource. */
export const idParam = z.object({ id: z.uuid({ error: 'id must be a UUID' }) });
