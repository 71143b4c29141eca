import type { Db } from '../db/knex.ts';
import { publishChange } from '../realtime/hub.ts';

export interface NewNotification {
  workspaceId: string;
  type: string;
  title: string;
  message: string;
  actionUrl?: string | null;
  relatedEntityType?: string | null;
  relatedEntityId?: string | null;
}

export async function notify(db: Db, n: NewNotification): Promise<string> {
  const [row] = await db('notifications')
    .insert({
      workspace_id: n.workspaceId,
      type: n.type,
      title: n.title,
      message: n.message,
      action_url: n.actionUrl ?? null,
      related_entity_type: n.relatedEntityType ?? null,
      related_entity_id: n.relatedEntityId ?? null,
    })
    .returning('id');
  await publishChange(db, { workspaceId: n.workspaceId, topic: 'notifications', action: 'insert', id: row.id });
  return row.id;
}
