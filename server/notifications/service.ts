import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { publishAfterCommit } from '../events/bus.ts';

export interface NewNotification {
  workspaceId: string;
  /** Only this user's bell (an assignment); else everyone's in the workspace. */
  userId?: string | null;
  type: string;
  title: string;
  message: string;
  actionUrl?: string | null;
  relatedEntityType?: string | null;
  relatedEntityId?: string | null;
}

/** Stores a notification (in `db`'s transaction when given one) and announces it once committed. */
export async function notify(ctx: AppContext, n: NewNotification, db: Knex = ctx.db): Promise<string> {
  const [row] = await db('notifications')
    .insert({
      workspace_id: n.workspaceId,
      user_id: n.userId ?? null,
      type: n.type,
      title: n.title,
      message: n.message,
      action_url: n.actionUrl ?? null,
      related_entity_type: n.relatedEntityType ?? null,
      related_entity_id: n.relatedEntityId ?? null,
    })
    .returning('id');
  publishAfterCommit(ctx, db, [{ type: 'notification.changed', workspaceId: n.workspaceId, notificationId: row.id, action: 'insert' }]);
  return row.id;
}
