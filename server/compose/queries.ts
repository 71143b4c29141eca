import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { MESSAGE_COLUMNS, type MessageRow } from '../inbox/queries.ts';
import type { TemplateRow } from '../templates/queries.ts';
import type { CannedReplyRow } from './present.ts';

// The SQL of replying from the inbox: who the conversation is with and when they last wrote,
// the message a reply quotes, the templates it may use, the recorded messages, canned replies.

export interface ReplyTarget {
  id: string;
  status: string;
  account_id: string;
  account_name: string;
  /** wa_id, IGSID or PSID. */
  customer_id: string;
  contact_name: string | null;
  /** The customer's last message in this conversation (its time at Meta); null when they never wrote. */
  last_inbound_at: Date | null;
}

export const findReplyTarget = (db: Db, workspaceId: string, conversationId: string): Promise<ReplyTarget | undefined> =>
  db('conversations as c')
    .join('contact_identities as k', 'k.id', 'c.identity_id')
    .join('contacts as p', 'p.id', 'k.contact_id')
    .join('channel_accounts as n', 'n.id', 'c.account_id')
    .where({ 'c.workspace_id': workspaceId, 'c.id': conversationId })
    .first(
      'c.id', 'c.status', 'c.account_id', 'n.display_name as account_name', 'k.external_id as customer_id',
      db.raw('coalesce(p.name, k.profile_name) as contact_name'),
      db.raw(`(select max(m.sent_at) from messages m where m.conversation_id = c.id and m.direction = 'inbound') as last_inbound_at`),
    );

/** A message of the conversation that Meta knows (it has its id there), for a reply to quote. */
export const findQuotable = (db: Db, conversationId: string, messageId: string): Promise<{ id: string; external_id: string } | undefined> =>
  db('messages').where({ conversation_id: conversationId, id: messageId }).whereIn('direction', ['inbound', 'outbound']).whereNotNull('external_id').first('id', 'external_id');

/** Approved, active, not quarantined templates of the account's WhatsApp Business Account. */
export const sendableTemplates = (db: Db, workspaceId: string, wabaId: string): Promise<TemplateRow[]> =>
  db<TemplateRow>('templates')
    .where({ workspace_id: workspaceId, waba_id: wabaId, status: 'APPROVED', is_active: true, is_quarantined: false })
    .orderBy(['name', 'language'])
    .select('*');

export const findTemplateByName = (db: Db, workspaceId: string, wabaId: string, name: string, language: string): Promise<TemplateRow | undefined> =>
  db<TemplateRow>('templates').where({ workspace_id: workspaceId, waba_id: wabaId, name, language }).first();

/** Messages as the thread shows them (with who sent them), by id. */
export const messagesByIds = (db: Db | Knex, ids: string[]): Promise<MessageRow[]> =>
  db('messages')
    .whereIn('id', ids)
    .orderBy('id')
    .select<MessageRow[]>([...MESSAGE_COLUMNS, db.raw('(select coalesce(u.name, u.email) from users u where u.id = messages.sent_by_user_id) as sent_by_name')]);

export const userName = async (db: Db, userId: string): Promise<string | null> =>
  (await db('users').where({ id: userId }).first(db.raw('coalesce(name, email) as name')))?.name ?? null;

const cannedReplies = (db: Db | Knex) =>
  db('canned_replies as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select<CannedReplyRow[]>('r.id', 'r.shortcut', 'r.body', 'r.created_by', db.raw('coalesce(u.name, u.email) as created_by_name'), 'r.created_at', 'r.updated_at');

export function listCannedReplies(db: Db, workspaceId: string, prefix?: string): Promise<CannedReplyRow[]> {
  const q = cannedReplies(db).where('r.workspace_id', workspaceId).orderBy('r.shortcut');
  if (prefix) q.where('r.shortcut', 'like', `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  return q;
}

export const findCannedReply = (db: Db | Knex, workspaceId: string, id: string): Promise<CannedReplyRow | undefined> =>
  cannedReplies(db).where({ 'r.workspace_id': workspaceId, 'r.id': id }).first();
