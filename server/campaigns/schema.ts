import { z } from 'zod';
import { cleanText } from '../http/schemas.ts';
import { CAMPAIGN_STATUSES } from './guard.ts';

/** The form fields of POST /api/campaigns (multipart; fields first, then the `file` part). */
export const createCampaignFields = z.object({
  // Multipart fields do not pass through mountRoutes' JSON cleaning: a NUL byte is removed here.
  name: z.string().overwrite(cleanText).trim().min(1).max(200),
  numberId: z.uuid(),
  /** One or more template ids, comma separated or repeated; contacts are split among them in order. */
  templateIds: z.array(z.uuid()).min(1, 'pick at least one template').max(10),
  /** Wall-clock time in the app time zone ("2026-11-23T09:30") or ISO 8601 with offset; empty = now. */
  scheduledAt: z.string().trim().max(40).optional(),
});

/** The form fields of POST /api/campaigns/preview: the templates to check the rows against (optional). */
export const previewCampaignFields = z.object({
  templateIds: z.array(z.uuid()).max(10).default([]),
});

export type CreateCampaignFields = z.infer<typeof createCampaignFields>;

export const listCampaignsQuery = z.object({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
