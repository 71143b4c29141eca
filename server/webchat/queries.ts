import type { Knex } from 'knex';
import { PREPARED, type Db } from '../db/knex.ts';
import { widgetSettingsObject, type WidgetSettings } from './schema.ts';

// All of web chat's SQL: widgets (a channel account with its settings row), visitors (contact
// identities of channel 'webchat') and the messages a visitor may read: their own conversation's
// inbound and outbound ones, never notes, never a send that failed.

export interface WidgetRow {
  /** The channel account id. */
  id: string;
  workspace_id: string;
  /** The public key (channel_accounts.external_id). */
  key: string;
  name: string;
  settings: WidgetSettings;
  clicks: number;
  created_at: Date;
  updated_at: Date;
}

const WIDGET_COLUMNS = ['a.id', 'a.workspace_id', 'a.external_id as key', 'a.display_name as name', 'w.settings', 'w.clicks', 'w.created_at', 'w.updated_at'];

const liveWidgets = (db: Knex) =>
  db('channel_accounts as a').join('webchat_widgets as w', 'w.account_id', 'a.id').where('a.channel', 'webchat').whereNull('a.deleted_at');

/** Stored settings read back through the schema, so a setting added later gets its default. */
const toWidget = (r: Omit<WidgetRow, 'settings' | 'clicks'> & { settings: unknown; clicks: string | number }): WidgetRow => ({
  ...r,
  settings: widgetSettingsObject.parse(r.settings),
  clicks: Number(r.clicks),
});

export async function listWidgets(db: Db, workspaceId: string): Promise<WidgetRow[]> {
  return (await liveWidgets(db).where('a.workspace_id', workspaceId).orderBy('w.created_at').select(WIDGET_COLUMNS)).map(toWidget);
}

export async function findWidget(db: Knex, workspaceId: string, id: string): Promise<WidgetRow | null> {
  const r = await liveWidgets(db).where({ 'a.workspace_id': workspaceId, 'a.id': id }).first(WIDGET_COLUMNS);
  return r ? toWidget(r) : null;
}

/** A live widget by its account id (a visitor token names it), in any workspace. */
export async function findWidgetById(db: Knex, id: string): Promise<WidgetRow | null> {
  const r = await liveWidgets(db).where('a.id', id).first(WIDGET_COLUMNS).options(PREPARED);
  return r ? toWidget(r) : null;
}

/** A live widget by its public key. */
export async function findWidgetByKey(db: Knex, key: string): Promise<WidgetRow | null> {
  const r = await liveWidgets(db).where('a.external_id', key).first(WIDGET_COLUMNS).options(PREPARED);
  return r ? toWidget(r) : null;
}

export async function insertWidget(trx: Knex, row: { workspaceId: string; key: string; secretEnc: string; settings: WidgetSettings }): Promise<string> {
  const [account] = await trx('channel_accounts')
    .insert({ workspace_id: row.workspaceId, channel: 'webchat', display_name: row.settings.name, external_id: row.key, access_token_enc: row.secretEnc, is_sandbox: false })
    .returning('id');
  await trx('webchat_widgets').insert({ account_id: account.id, workspace_id: row.workspaceId, settings: JSON.stringify(row.settings) });
  return account.id;
}

export async function updateWidget(trx: Knex, id: string, settings: WidgetSettings): Promise<void> {
  await trx('channel_accounts').where({ id }).update({ display_name: settings.name });
  await trx('webchat_widgets').where({ account_id: id }).update({ settings: JSON.stringify(settings), updated_at: trx.fn.now() });
}

/** Counts a WhatsApp-button click; false when no live widget has the key. */
export async function addClick(db: Db, key: string): Promise<boolean> {
  const n = await db('webchat_widgets as w')
    .whereIn('w.account_id', liveWidgets(db).where('a.external_id', key).select('a.id'))
    .increment('clicks', 1);
  return n > 0;
}

/** What a visitor has told us and where they chat; null before their first message or form. */
export interface VisitorRow {
  identity_id: string;
  profile_name: string | null;
  email: string | null;
  phone: string | null;
  /** Their live conversation with this widget. */
  conversation_id: string | null;
}

export async function findVisitor(db: Knex, widget: Pick<WidgetRow, 'id' | 'workspace_id'>, visitorId: string): Promise<VisitorRow | null> {
  const row = await db('contact_identities as k')
    .leftJoin('conversations as c', (j) => j.on('c.identity_id', 'k.id').andOnVal('c.account_id', widget.id).andOnVal('c.status', '<>', 'archived'))
    .where({ 'k.workspace_id': widget.workspace_id, 'k.channel': 'webchat', 'k.external_id': visitorId })
    .first('k.id as identity_id', 'k.profile_name', 'k.email', 'k.phone', 'c.id as conversation_id')
    .options(PREPARED);
  return row ?? null;
}

/** A message as a visitor may read it, with who wrote it (a person's name; never their email). */
export interface VisitorMessageRow {
  id: string;
  conversation_id: string;
  direction: 'inbound' | 'outbound';
  type: string;
  body: string | null;
  payload: unknown;
  external_id: string | null;
  status_rank: number;
  sent_at: Date | null;
  created_at: Date;
  user_name: string | null;
}

const VISIBLE = `m.direction in ('inbound', 'outbound') and m.status <> 'failed'`;
const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.direction, m.type, m.body, m.payload, m.external_id, m.status_rank, m.sent_at, m.created_at, u.name as user_name`;

/**
 * A page of one conversation, oldest first: the newest `limit` (or those before `before`), or the
 * oldest `limit` after `after` (catching up). `more`: there is more in the direction read.
 */
export async function visitorMessages(db: Db, conversationId: string, page: { before?: string; after?: string; limit: number }): Promise<{ rows: VisitorMessageRow[]; more: boolean }> {
  const forward = page.after !== undefined;
  const bound = forward ? 'and m.id > ?' : page.before !== undefined ? 'and m.id < ?' : '';
  const bindings = [conversationId, ...(forward ? [page.after!] : page.before !== undefined ? [page.before] : []), page.limit + 1];
  const { rows } = await db.raw(
    `select ${MESSAGE_COLUMNS} from messages m left join users u on u.id = m.sent_by_user_id
      where m.conversation_id = ? and ${VISIBLE} ${bound}
      order by m.id ${forward ? 'asc' : 'desc'} limit ?`,
    bindings,
  ).options(PREPARED);
  const more = rows.length > page.limit;
  const pageRows = (rows as VisitorMessageRow[]).slice(0, page.limit);
  return { rows: forward ? pageRows : pageRows.reverse(), more };
}

/** The newest visible message id of a conversation ('0' when none). */
export async function newestMessageId(db: Db, conversationId: string): Promise<string> {
  const { rows } = await db.raw(`select coalesce(max(m.id), 0)::text as id from messages m where m.conversation_id = ? and ${VISIBLE}`, [conversationId]).options(PREPARED);
  return rows[0].id;
}

/** For the live streams: each conversation's visible messages after its cursor, oldest first, at most `perConversation` each. */
export async function messagesAfter(db: Db, cursors: Array<{ conversationId: string; after: string }>, perConversation = 100): Promise<VisitorMessageRow[]> {
  if (!cursors.length) return [];
  const { rows } = await db.raw(
    `select x.* from unnest(?::uuid[], ?::bigint[]) as c(conversation_id, after)
       cross join lateral (
         select ${MESSAGE_COLUMNS} from messages m left join users u on u.id = m.sent_by_user_id
          where m.conversation_id = c.conversation_id and m.id > c.after and ${VISIBLE}
          order by m.id limit ?) x
      order by x.id`,
    [cursors.map((c) => c.conversationId), cursors.map((c) => c.after), perConversation] as Knex.RawBinding[],
  ).options(PREPARED);
  return rows;
}

/** A message by its id at the channel (a visitor's message, found again after a retried send). */
export async function visitorMessageByExternalId(db: Db, externalId: string): Promise<VisitorMessageRow | null> {
  const { rows } = await db.raw(`select ${MESSAGE_COLUMNS} from messages m left join users u on u.id = m.sent_by_user_id where m.external_id = ?`, [externalId]).options(PREPARED);
  return rows[0] ?? null;
}

/** The business's messages of a conversation up to `upTo` that are not read yet: their ids at the channel. */
export async function unreadBusinessMessages(db: Db, conversationId: string, upTo: string, readRank: number): Promise<string[]> {
  const rows: Array<{ external_id: string }> = await db('messages')
    .where({ conversation_id: conversationId, direction: 'outbound' })
    .where('id', '<=', upTo)
    .where('status_rank', '<', readRank)
    .whereNot('status', 'failed')
    .whereNotNull('external_id')
    .orderBy('id', 'desc')
    .limit(500)
    .select('external_id');
  return rows.map((r) => r.external_id);
}
