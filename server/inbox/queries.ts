import type { Channel } from '../channels/channel.ts';
import type { Db } from '../db/knex.ts';
import { applyInboxFilter, type FilterScope, type InboxFilter } from './filters.ts';
import type { BOT_PAUSE_REASONS, ConversationStatus } from './present.ts';

export interface ConversationFilter extends InboxFilter {
  search?: string;
  limit: number;
  cursor?: { at: Date; id: string };
}

/** A conversation with its account and its customer, as the inbox list and thread header read it. */
export interface ConversationRow {
  id: string;
  channel: Channel;
  status: ConversationStatus;
  snoozed_until: Date | null;
  resolved_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  bot_paused_at: Date | null;
  bot_paused_reason: (typeof BOT_PAUSE_REASONS)[number] | null;
  bot_resumes_at: Date | null;
  unread_count: number;
  labels: Array<{ id: string; name: string; color: string }>;
  is_test: boolean;
  last_message_at: Date | null;
  last_message_preview: string | null;
  created_at: Date;
  account_id: string;
  account_name: string;
  account_handle: string | null;
  account_phone: string | null;
  identity_id: string;
  identity_external_id: string;
  /** The person's name (someone may have renamed them), else the channel's profile name. */
  contact_name: string | null;
}

export interface MessageRow {
  id: string;
  external_id: string | null;
  direction: 'inbound' | 'outbound' | 'note';
  sent_by_user_id: string | null;
  /** Read with the thread (listMessages); absent where a statement returns the row. */
  sent_by_name?: string | null;
  type: string;
  body: string | null;
  template_name: string | null;
  payload: unknown;
  context_external_id: string | null;
  reaction: string | null;
  edited_at: Date | null;
  edit_count: number;
  status: string;
  error_code: number | null;
  error_title: string | null;
  is_test: boolean;
  sent_at: Date | null;
  status_at: Date | null;
  created_at: Date;
}

const conversations = (db: Db) =>
  db('conversations as c')
    .join('contact_identities as k', 'k.id', 'c.identity_id')
    .join('contacts as p', 'p.id', 'k.contact_id')
    .join('channel_accounts as n', 'n.id', 'c.account_id')
    .leftJoin('users as a', 'a.id', 'c.assignee_id')
    .select<ConversationRow[]>(
      'c.id', 'n.channel', 'c.status', 'c.is_test', 'c.last_message_at', 'c.last_message_preview', 'c.created_at',
      'c.snoozed_until', 'c.resolved_at', 'c.assignee_id', db.raw('coalesce(a.name, a.email) as assignee_name'),
      'c.bot_paused_at', 'c.bot_paused_reason', 'c.bot_resumes_at', 'c.unread_count',
      db.raw(`coalesce((select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name))
                          from conversation_labels cl join labels l on l.id = cl.label_id where cl.conversation_id = c.id), '[]') as labels`),
      'n.id as account_id', 'n.display_name as account_name', 'n.handle as account_handle', 'n.display_phone_number as account_phone',
      'k.id as identity_id', 'k.external_id as identity_external_id', db.raw('coalesce(p.name, k.profile_name) as contact_name'),
    );

export async function listConversations(db: Db, workspaceId: string, f: ConversationFilter, scope: FilterScope) {
  const q = conversations(db)
    .where('c.workspace_id', workspaceId)
    .whereNotNull('c.last_message_at')
    .orderBy([{ column: 'c.last_message_at', order: 'desc' }, { column: 'c.id', order: 'desc' }])
    .limit(f.limit + 1);
  applyInboxFilter(q, f, scope, 'c.last_message_at');
  if (f.search) {
    const like = `%${escapeLike(f.search)}%`;
    q.where((w) => w.whereILike('p.name', like).orWhereILike('k.profile_name', like).orWhereILike('k.external_id', like).orWhereILike('c.last_message_preview', like));
  }
  if (f.cursor) q.whereRaw('(c.last_message_at, c.id) < (?, ?)', [f.cursor.at, f.cursor.id]);
  const rows = await q;
  const items = rows.slice(0, f.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > f.limit && last ? `${new Date(last.last_message_at!).getTime()}_${last.id}` : null };
}

/** Text matched literally by LIKE / ILIKE (the default escape character is the backslash). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export const findConversation = (db: Db, workspaceId: string, id: string): Promise<ConversationRow | undefined> =>
  conversations(db).where({ 'c.workspace_id': workspaceId, 'c.id': id }).first();

/** What a presented message needs (present.ts). */
export const MESSAGE_COLUMNS = ['id', 'external_id', 'direction', 'sent_by_user_id', 'type', 'body', 'template_name', 'payload', 'context_external_id', 'reaction', 'edited_at', 'edit_count', 'status', 'error_code', 'error_title', 'is_test', 'sent_at', 'status_at', 'created_at'];

export interface ThreadPage {
  /** Oldest first. */
  messages: MessageRow[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * A page of a conversation's messages: the newest `limit`, the `limit` before or after a message,
 * or a message with the ones around it (half before, half after). Each side reads one row more
 * than it returns to know whether there is more that way.
 */
export async function listMessages(db: Db, conversationId: string, opts: { limit: number; before?: number; after?: number; around?: number }): Promise<ThreadPage | null> {
  const side = (op: '<' | '<=' | '>', bound: number | undefined, n: number) => {
    const q = db('messages')
      .where({ conversation_id: conversationId })
      .orderBy('id', op === '>' ? 'asc' : 'desc')
      .limit(n + 1)
      .select<MessageRow[]>([...MESSAGE_COLUMNS, db.raw('(select coalesce(u.name, u.email) from users u where u.id = messages.sent_by_user_id) as sent_by_name')]);
    if (bound !== undefined) q.where('id', op, bound);
    return q.then((rows) => ({ rows: rows.slice(0, n), more: rows.length > n }));
  };
  if (opts.after !== undefined) {
    const newer = await side('>', opts.after, opts.limit);
    return { messages: newer.rows, hasOlder: true, hasNewer: newer.more };
  }
  if (opts.around !== undefined) {
    const [older, newer] = await Promise.all([side('<=', opts.around, Math.ceil(opts.limit / 2)), side('>', opts.around, Math.floor(opts.limit / 2))]);
    if (String(older.rows[0]?.id) !== String(opts.around)) return null; // not a message of this conversation
    return { messages: [...older.rows.reverse(), ...newer.rows], hasOlder: older.more, hasNewer: newer.more };
  }
  const older = await side('<', opts.before, opts.limit);
  return { messages: older.rows.reverse(), hasOlder: older.more, hasNewer: opts.before !== undefined };
}
