import type { Db } from '../db/knex.ts';

export interface AuditRow {
  id: string;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  detail: string | null;
  created_at: Date;
}

export interface AuditFilters {
  limit: number;
  cursor?: { at: Date; id: string };
  actorId?: string;
  action?: string;
}

/** Newest first, keyset-paged on (created_at, id) like the notifications. */
export async function listAudit(db: Db, workspaceId: string, f: AuditFilters): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  const q = db('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .where('a.workspace_id', workspaceId)
    .orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
    .limit(f.limit + 1)
    .select('a.id', 'a.actor_user_id', 'a.actor_email', 'u.name as actor_name', 'a.action', 'a.target_type', 'a.target_id', 'a.detail', 'a.created_at');
  if (f.actorId) q.where('a.actor_user_id', f.actorId);
  if (f.action) q.where('a.action', f.action);
  if (f.cursor) q.whereRaw('(a.created_at, a.id) < (?, ?)', [f.cursor.at, f.cursor.id]);
  const rows: AuditRow[] = await q;
  const items = rows.slice(0, f.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > f.limit && last ? `${new Date(last.created_at).getTime()}_${last.id}` : null };
}
