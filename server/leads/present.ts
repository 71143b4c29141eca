import { z } from 'zod';
import type { LeadRow } from './queries.ts';

// Leads as the API shows them: camelCase. The frontend imports these types.

/** low, medium or high; null when the conversation did not tell. */
const level = z.string().nullable();

export const leadView = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** The channel account the conversation is on, and its display name. */
  numberId: z.string(),
  numberName: z.string(),
  /** The customer's id on the channel: a wa_id (phone without +), IGSID or PSID. */
  phone: z.string(),
  /** The name the customer's profile shows. */
  profileName: z.string().nullable(),
  /** What the customer said about themselves; null when they did not. */
  name: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  intent: z.string().nullable(),
  urgency: level,
  budget: z.string().nullable(),
  fit: level,
  engagement: level,
  /** A demo or call time the customer agreed to. */
  demoDatetime: z.string().nullable(),
  /** One sentence telling the business what to do next. */
  smartNotification: z.string().nullable(),
  extractedAt: z.string(),
});
export type LeadView = z.infer<typeof leadView>;

export const leadListView = z.object({ items: z.array(leadView) });

export function presentLead(l: LeadRow): LeadView {
  return {
    id: l.id,
    conversationId: l.conversation_id,
    numberId: l.number_id,
    numberName: l.number_name,
    phone: l.phone,
    profileName: l.profile_name,
    name: l.name,
    email: l.email,
    company: l.company,
    intent: l.intent,
    urgency: l.urgency,
    budget: l.budget,
    fit: l.fit,
    engagement: l.engagement,
    demoDatetime: l.demo_datetime?.toISOString() ?? null,
    smartNotification: l.smart_notification,
    extractedAt: l.extracted_at.toISOString(),
  };
}
