import { z } from 'zod';
import { iso } from '../http/present.ts';
import { pageCursor } from '../http/schemas.ts';
import { AUDIT_ACTIONS } from './record.ts';
import type { AuditRow } from './queries.ts';

// The audit log as the API shows it. The frontend imports these types.

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** nextCursor of the previous page. */
  cursor: pageCursor.optional(),
  /** Only what this user did. */
  actorId: z.uuid({ error: 'actorId must be a user id (UUID)' }).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
});

export const auditEntryView = z.object({
  id: z.string(),
  /** Null when Parley itself acted, or the person acted through a link (an invite accepted). */
  actor: z.object({ id: z.string().nullable(), email: z.string().nullable(), name: z.string().nullable() }).nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  detail: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditPageView = z.object({
  /** Newest first. */
  items: z.array(auditEntryView),
  nextCursor: z.string().nullable(),
  /** Every action the log knows, for the filter. */
  actions: z.array(z.string()),
});
export type AuditPageView = z.infer<typeof auditPageView>;

export const presentAuditEntry = (r: AuditRow): AuditEntryView => ({
  id: r.id,
  actor: r.actor_user_id || r.actor_email ? { id: r.actor_user_id, email: r.actor_email, name: r.actor_name } : null,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  detail: r.detail,
  createdAt: iso(r.created_at),
});
