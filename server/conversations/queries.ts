import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';

export type ConversationEventType = 'status' | 'reopened' | 'assigned' | 'bot_paused' | 'bot_resumed' | 'handover' | 'labels';

export async function logConversationEvent(trx: Knex, c: { id: string; workspace_id: string }, type: ConversationEventType, actor: { userId: string | null }, detail: Record<string, unknown>): Promise<void> {
  await trx('conversation_events').insert({ workspace_id: c.workspace_id, conversation_id: c.id, type, actor_user_id: actor.userId, detail: JSON.stringify(detail) });
}

export interface ConversationEventRow {
  id: string;
  type: ConversationEventType;
  actor_user_id: string | null;
  actor_name: string | null;
  detail: Record<string, unknown>;
  created_at: Date;
}

/** The activity of a conversation, newest first, with who did it. */
export const listConversationEvents = (db: Db, conversationId: string, limit: number): Promise<ConversationEventRow[]> =>
  db('conversation_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .where('e.conversation_id', conversationId)
    .orderBy('e.id', 'desc')
    .limit(limit)
    .select('e.id', 'e.type', 'e.actor_user_id', db.raw('coalesce(u.name, u.email) as actor_name'), 'e.detail', 'e.created_at');

/** Whether `userId` is someone of the workspace a conversation can be given to. */
export const isAssignable = async (db: Knex, workspaceId: string, userId: string): Promise<boolean> =>
  !!(await db('users').where({ id: userId, workspace_id: workspaceId }).whereIn('role', ['admin', 'agent']).first('id'));

/**
 * Round-robin among the workspace's online people: the one assigned longest ago (never first)
 * whose open and pending conversations are under their cap. Locks that user's row so two
 * handovers at once go to two people.
 */
export async function pickNextAgent(trx: Knex, workspaceId: string): Promise<string | null> {
  const { rows } = await trx.raw(
    `select u.id from users u
      where u.workspace_id = ? and u.role in ('admin', 'agent') and u.availability = 'online'
        and (u.max_open_conversations is null
             or (select count(*) from conversations c where c.assignee_id = u.id and c.status in ('open', 'pending')) < u.max_open_conversations)
      order by u.last_assigned_at asc nulls first, u.created_at, u.id
      limit 1
      for update of u skip locked`,
    [workspaceId],
  );
  return rows[0]?.id ?? null;
}

export interface AgentRow {
  id: string;
  name: string | null;
  email: string;
  role: string;
  availability: 'online' | 'away' | 'offline';
  max_open_conversations: number | null;
  open_conversations: number;
}

/** The people a conversation can be assigned to, with how many open conversations each holds. */
export const listAssignableAgents = (db: Db, workspaceId: string): Promise<AgentRow[]> =>
  db('users as u')
    .where('u.workspace_id', workspaceId)
    .whereIn('u.role', ['admin', 'agent'])
    .orderByRaw('lower(coalesce(u.name, u.email))')
    .select('u.id', 'u.name', 'u.email', 'u.role', 'u.availability', 'u.max_open_conversations',
      db.raw(`(select count(*)::int from conversations c where c.assignee_id = u.id and c.status in ('open', 'pending')) as open_conversations`));

/** The navigation badges, over the workspace's live conversations. */
export async function inboxCounts(db: Db, workspaceId: string, userId: string) {
  const { rows } = await db.raw(
    `select count(*) filter (where unread_count > 0)::int as unread,
            count(*) filter (where status = 'open' and assignee_id = ?)::int as mine,
            count(*) filter (where status = 'open' and assignee_id is null)::int as unassigned,
            count(*) filter (where status = 'open' and assignee_id is null and bot_paused_at is not null
                               and (bot_resumes_at is null or bot_resumes_at > now()))::int as waiting
       from conversations where workspace_id = ? and status <> 'archived'`,
    [userId, workspaceId],
  );
  const r = rows[0];
  return { unread: r.unread, mine: r.mine, unassigned: r.unassigned, waitingForHuman: r.waiting };
}
