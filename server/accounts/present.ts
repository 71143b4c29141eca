import { z } from 'zod';
import { iso } from '../http/present.ts';
import { CHANNELS } from '../channels/channel.ts';
import type { PublicAccountRow } from './queries.ts';

// Channel accounts as the API shows them: camelCase, never the token.

export const accountView = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  displayName: z.string(),
  /** Meta's id: phone number id, IG user id or Page id. */
  externalId: z.string(),
  wabaId: z.string().nullable(),
  /** The number as Meta shows it, the @username, or the Page's name. */
  handle: z.string().nullable(),
  displayPhoneNumber: z.string().nullable(),
  verifiedName: z.string().nullable(),
  qualityRating: z.string().nullable(),
  isActive: z.boolean(),
  inactiveReason: z.string().nullable(),
  isSandbox: z.boolean(),
  tokenUpdatedAt: z.string(),
  createdAt: z.string(),
});
export type AccountView = z.infer<typeof accountView>;

export const accountInfoView = z.object({
  id: z.string(),
  handle: z.string().nullable(),
  verifiedName: z.string().nullable(),
  displayPhoneNumber: z.string().nullable(),
  qualityRating: z.string().nullable(),
  status: z.string().nullable(),
  throughputLevel: z.string().nullable(),
});
export type AccountInfoView = z.infer<typeof accountInfoView>;

export const accountListView = z.object({ items: z.array(accountView) });
export const connectionView = z.object({ ok: z.literal(true), account: accountInfoView });
export const deletedAccountView = z.object({ archivedConversations: z.number() });

export function presentAccount(a: PublicAccountRow): AccountView {
  return {
    id: a.id,
    channel: a.channel,
    displayName: a.display_name,
    externalId: a.external_id,
    wabaId: a.waba_id,
    handle: a.handle,
    displayPhoneNumber: a.display_phone_number,
    verifiedName: a.verified_name,
    qualityRating: a.quality_rating,
    isActive: a.is_active,
    inactiveReason: a.inactive_reason,
    isSandbox: a.is_sandbox,
    tokenUpdatedAt: iso(a.token_updated_at),
    createdAt: iso(a.created_at),
  };
}
