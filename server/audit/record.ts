import type { Request } from 'express';
import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';

// What admins did, for the admins to read later. Callers write an entry in the transaction of
// the change when they hold one (team changes do), otherwise right after the change succeeded.
// The detail is a short sentence made of names, roles and field names, never of values that
// could be secret: an access token or API key that changed is said to have changed, nothing more.

export const AUDIT_ACTIONS = [
  'invite.created',
  'invite.reissued',
  'invite.revoked',
  'invite.accepted',
  'user.role_changed',
  'user.removed',
  'account.added',
  'account.token_updated',
  'account.deleted',
  'widget.created',
  'widget.updated',
  'widget.deleted',
  'settings.llm_changed',
  'settings.inbox_changed',
  'settings.fallback_reply_changed',
  'credits.added',
  'rule.deleted',
  'agent.deleted',
  'campaign.deleted',
  'label.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditActor {
  id: string | null;
  email: string | null;
}

export interface AuditEntry {
  workspaceId: string;
  /** Null: Parley itself (or a person acting through a link, e.g. accepting an invite, named in the detail). */
  actor: AuditActor | null;
  action: AuditAction;
  targetType: string;
  targetId: string | null;
  detail?: string | null;
}

const MAX_DETAIL = 500;

export async function recordAudit(db: Knex, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    workspace_id: entry.workspaceId,
    actor_user_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? null,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    detail: entry.detail ? entry.detail.slice(0, MAX_DETAIL) : null,
  });
}

/** The signed-in user of a request as the actor of an entry. */
export const actorOf = (req: Request): AuditActor => ({ id: req.auth!.id, email: req.auth!.email });

/** For routes whose change has already committed in a service of its own: one entry by the caller. */
export function auditRequest(ctx: AppContext, req: Request, entry: Omit<AuditEntry, 'workspaceId' | 'actor'>): Promise<void> {
  return recordAudit(ctx.db, { ...entry, workspaceId: req.auth!.workspaceId, actor: actorOf(req) });
}

/** "fields: model, apiKey": which fields of a settings body were given, without their values. */
export function changedFields(body: object): string {
  const keys = Object.entries(body)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  return keys.length ? `fields: ${keys.join(', ')}` : 'no fields';
}
