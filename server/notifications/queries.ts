import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';

/** Whose bell: a user sees the workspace's notifications and the ones addressed to them. */
export interface Viewer {
  workspaceId: string;
  userId: string;
}

const visibleTo = (q: Knex.QueryBuilder, v: Viewer) => q.where({ workspace_id: v.workspaceId }).where((w) => w.whereNull('user_id').orWhere('user_id', v.userId));

export interface NotificationRow {
  id: string;
  type: string;
  title: string;
  message: string;
  action_url: string | null;
  related_entity_type: string | null;
  related_entity_id: string | null;
  is_read: boolean;
  created_at: Date;
}

export async function listNotifications(db: Db, viewer: Viewer, opts: { limit: number; cursor?: { at: Date; id: string }; unreadOnly?: boolean }) {
  const q = visibleTo(db('notifications'), viewer)
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(opts.limit + 1)
    .select('id', 'type', 'title', 'message', 'action_url', 'related_entity_type', 'related_entity_id', 'is_read', 'created_at');
  if (opts.unreadOnly) q.where({ is_read: false });
  if (opts.cursor) q.whereRaw('(created_at, id) < (?, ?)', [opts.cursor.at, opts.cursor.id]);
  const rows: NotificationRow[] = await q;
  const items = rows.slice(0, opts.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > opts.limit && last ? `${new Date(last.created_at).getTime()}_${last.id}` : null;
  return { items, nextCursor };
}

export async function countUnread(db: Db, viewer: Viewer): Promise<number> {
  const [row] = await visibleTo(db('notifications'), viewer).where({ is_read: false }).count<{ c: string }[]>('* as c');
  return Number(row!.c);
}

export const markRead = (db: Db, viewer: Viewer, ids: string[] | 'all') => {
  const q = visibleTo(db('notifications'), viewer).where({ is_read: false });
  if (ids !== 'all') q.whereIn('id', ids);
  return q.update({ is_read: true });
};

export const deleteNotificationsBefore = (db: Db, before: Date) => db('notifications').where('created_at', '<', before).delete();
