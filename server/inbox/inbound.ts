import type { Knex } from 'knex';
import type { ChannelEdit, ChannelMessage, ChannelReaction } from '../channels/channel.ts';
import { ensureIdentities, identityKey } from '../contacts/identities.ts';
import { PREPARED } from '../db/knex.ts';
import { STATUS_RANK } from './status.ts';
import type { AccountRef, IngestResult } from './ingest.ts';

// What customers send (and what the business sent from Meta's own apps: echoes), written in a
// few set-based statements per webhook batch: identities and open conversations on first
// contact, messages deduplicated by their id at Meta, reply tasks for the texts a bot may
// answer. Reactions and edits change the message they are about.

export async function recordMessages(trx: Knex, accounts: Map<string, AccountRef>, messages: ChannelMessage[], result: IngestResult): Promise<void> {
  if (!messages.length) return;
  const unique = [...new Map(messages.map((m) => [m.externalId, m])).values()]; // a batch may repeat a message
  const accountOf = (m: { channel: string; accountId: string }) => accounts.get(`${m.channel}:${m.accountId}`)!;
  const identityOf = (m: ChannelMessage) => ({ workspaceId: accountOf(m).workspace_id, channel: m.channel, externalId: m.customerId });
  const identities = await ensureIdentities(trx, unique.map((m) => ({ ...identityOf(m), profileName: m.profileName, bsuid: m.bsuid ?? null })));
  const rows = unique.map((m) => {
    const a = accountOf(m);
    const inbound = m.direction === 'inbound';
    return {
      workspace_id: a.workspace_id,
      account_id: a.id,
      identity_id: identities.get(identityKey(a.workspace_id, m.channel, m.customerId))!,
      external_id: m.externalId,
      direction: m.direction,
      type: m.type,
      body: m.text,
      payload: m.payload === null || m.payload === undefined ? null : JSON.stringify(m.payload),
      context_external_id: m.contextId,
      status: inbound ? 'received' : 'sent',
      status_rank: inbound ? 0 : STATUS_RANK.sent,
      is_test: a.is_sandbox,
      sent_at: m.timestamp,
      answerable: inbound && !m.standby && m.type === 'text',
    };
  });
  const conversations = await openConversations(trx, rows);
  const inserted = await insertMessages(trx, rows.map((r) => ({ ...r, conversation_id: conversations.get(`${r.account_id}|${r.identity_id}`)! })));
  if (!inserted.length) return;
  for (const m of inserted) result.stored.set(m.external_id, { id: String(m.id), conversationId: m.conversation_id });
  const answerable = new Set(rows.filter((r) => r.answerable).map((r) => r.external_id));
  const texts = inserted.filter((m) => answerable.has(m.external_id));
  await touchConversations(trx, inserted);
  // One event per conversation, in one pass (a batch holds up to a thousand messages).
  const received = new Map<string, { workspaceId: string; replyTasks: number }>();
  for (const m of inserted) if (!received.has(m.conversation_id)) received.set(m.conversation_id, { workspaceId: m.workspace_id, replyTasks: 0 });
  for (const m of texts) received.get(m.conversation_id)!.replyTasks++;
  for (const [conversationId, r] of received) result.events.push({ type: 'message.received', conversationId, ...r });
}

/** The live conversation of each (account, identity), created when there is none: id by `account|identity`. */
async function openConversations(trx: Knex, rows: Array<{ workspace_id: string; account_id: string; identity_id: string; is_test: boolean }>): Promise<Map<string, string>> {
  const pairs = [...new Map(rows.map((r) => [`${r.account_id}|${r.identity_id}`, r])).values()];
  // The conversations the statement's snapshot holds, then those it created (last: one archived
  // meanwhile by another transaction is replaced by the new one). One created meanwhile by
  // another transaction is in neither, and is read by a second statement.
  const { rows: found } = await trx
    .raw(
      `with x as (select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::boolean[]) as x(workspace_id, account_id, identity_id, is_test)),
       created as (
         insert into conversations (workspace_id, account_id, identity_id, is_test)
         select workspace_id, account_id, identity_id, is_test from x order by account_id, identity_id
         on conflict (account_id, identity_id) where status <> 'archived' do nothing
         returning id, account_id, identity_id)
       select c.id, c.account_id, c.identity_id from x join conversations c using (account_id, identity_id) where c.status <> 'archived'
       union all
       select id, account_id, identity_id from created`,
      [pairs.map((p) => p.workspace_id), pairs.map((p) => p.account_id), pairs.map((p) => p.identity_id), pairs.map((p) => p.is_test)],
    )
    .options(PREPARED);
  const ids = new Map((found as Array<{ id: string; account_id: string; identity_id: string }>).map((c) => [`${c.account_id}|${c.identity_id}`, c.id]));
  const missing = pairs.filter((p) => !ids.has(`${p.account_id}|${p.identity_id}`));
  if (missing.length) {
    const convs: Array<{ id: string; account_id: string; identity_id: string }> = await trx('conversations')
      .whereNot({ status: 'archived' })
      .whereIn(['account_id', 'identity_id'], missing.map((p) => [p.account_id, p.identity_id]))
      .select('id', 'account_id', 'identity_id');
    for (const c of convs) ids.set(`${c.account_id}|${c.identity_id}`, c.id);
  }
  return ids;
}

interface MessageRow {
  workspace_id: string;
  account_id: string;
  identity_id: string;
  conversation_id: string;
  external_id: string;
  direction: string;
  type: string;
  body: string | null;
  payload: string | null;
  context_external_id: string | null;
  status: string;
  status_rank: number;
  is_test: boolean;
  sent_at: Date;
  answerable: boolean;
}

type InsertedMessage = { id: string; workspace_id: string; conversation_id: string; external_id: string; direction: string; body: string | null; type: string; sent_at: Date };

/**
 * Stores the messages not stored yet (Meta redelivers) and queues a reply task for each new one
 * a bot may answer, in one statement: the new ones, in the batch's order.
 */
async function insertMessages(trx: Knex, rows: MessageRow[]): Promise<InsertedMessage[]> {
  const column = <K extends keyof MessageRow>(k: K) => rows.map((r) => r[k]);
  const { rows: inserted } = await trx
    .raw(
      `with x as (
         select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::text[], ?::text[], ?::int[],
                              ?::boolean[], ?::timestamptz[], ?::boolean[])
           with ordinality as x(workspace_id, account_id, identity_id, conversation_id, external_id, direction, type, body, payload, context_external_id,
                                status, status_rank, is_test, sent_at, answerable, n)),
       inserted as (
         insert into messages (workspace_id, account_id, identity_id, conversation_id, external_id, direction, type, body, payload, context_external_id,
                               status, status_rank, is_test, sent_at)
         select workspace_id, account_id, identity_id, conversation_id, external_id, direction, type, body, payload, context_external_id,
                status, status_rank, is_test, sent_at
           from x order by n
         on conflict (external_id) do nothing
         returning id, workspace_id, conversation_id, external_id, direction, body, type, sent_at),
       tasks as (
         insert into reply_tasks (workspace_id, conversation_id, message_id, message_at)
         select i.workspace_id, i.conversation_id, i.id, i.sent_at from inserted i join x using (external_id) where x.answerable order by i.id
         on conflict (message_id) do nothing)
       select i.* from inserted i join x using (external_id) order by x.n`,
      [column('workspace_id'), column('account_id'), column('identity_id'), column('conversation_id'), column('external_id'), column('direction'), column('type'),
        column('body'), column('payload'), column('context_external_id'), column('status'), column('status_rank'), column('is_test'), column('sent_at'),
        column('answerable')] as Knex.RawBinding[],
    )
    .options(PREPARED);
  return inserted;
}

/** A reaction lands on its message (the last one per message in the batch wins). */
export async function applyReactions(trx: Knex, accounts: Map<string, AccountRef>, reactions: ChannelReaction[], result: IngestResult): Promise<void> {
  const latest = [...new Map([...reactions].sort((a, b) => +a.timestamp - +b.timestamp).map((r) => [r.externalId, r])).values()];
  if (!latest.length) return;
  const { rows } = await trx.raw(
    `update messages m set reaction = x.emoji
       from unnest(?::text[], ?::text[], ?::uuid[]) as x(external_id, emoji, workspace_id)
      where m.external_id = x.external_id and m.workspace_id = x.workspace_id
      returning m.workspace_id, m.conversation_id`,
    [latest.map((r) => r.externalId), latest.map((r) => r.emoji), latest.map((r) => accounts.get(`${r.channel}:${r.accountId}`)!.workspace_id)] as Knex.RawBinding[],
  );
  noteChanged(rows, result);
}

/** An edit replaces the text (the count says it was edited); an unsent message loses its content. */
export async function applyEdits(trx: Knex, accounts: Map<string, AccountRef>, edits: ChannelEdit[], result: IngestResult): Promise<void> {
  if (!edits.length) return;
  const sorted = [...edits].sort((a, b) => +a.timestamp - +b.timestamp);
  const { rows } = await trx.raw(
    `update messages m
        set body = case when x.deleted then null else x.text end,
            payload = case when x.deleted then '{"deleted":true}'::jsonb else m.payload end,
            edited_at = x.at, edit_count = m.edit_count + 1
       from (select distinct on (external_id) * from unnest(?::text[], ?::text[], ?::boolean[], ?::timestamptz[], ?::uuid[], ?::int[])
               as x(external_id, text, deleted, at, workspace_id, n) order by external_id, n desc) x
      where m.external_id = x.external_id and m.workspace_id = x.workspace_id
        and (m.edited_at is null or m.edited_at < x.at) -- a redelivered edit counts once
      returning m.workspace_id, m.conversation_id`,
    [sorted.map((e) => e.externalId), sorted.map((e) => e.text), sorted.map((e) => e.deleted), sorted.map((e) => e.timestamp),
      sorted.map((e) => accounts.get(`${e.channel}:${e.accountId}`)!.workspace_id), sorted.map((_, i) => i)] as Knex.RawBinding[],
  );
  noteChanged(rows, result);
}

function noteChanged(rows: Array<{ workspace_id: string; conversation_id: string }>, result: IngestResult): void {
  for (const r of rows) result.events.push({ type: 'conversation.changed', workspaceId: r.workspace_id, conversationId: r.conversation_id });
}

/**
 * Moves each conversation's last message time and preview to its newest of `messages` (a late
 * webhook never moves them back). A customer's message reopens a pending, snoozed or resolved
 * conversation (logged) and counts as unread.
 */
async function touchConversations(trx: Knex, messages: Array<{ workspace_id: string; conversation_id: string; direction: string; sent_at: Date; body: string | null; type: string }>): Promise<void> {
  const latest = new Map<string, { workspaceId: string; at: Date; preview: string; inbound: number }>();
  for (const r of messages) {
    const cur = latest.get(r.conversation_id);
    const inbound = (cur?.inbound ?? 0) + (r.direction === 'inbound' ? 1 : 0);
    if (!cur || r.sent_at >= cur.at) latest.set(r.conversation_id, { workspaceId: r.workspace_id, at: r.sent_at, preview: (r.body ?? `[${r.type}]`).slice(0, 200), inbound });
    else cur.inbound = inbound;
  }
  // `old` is the row as it was before this update (same snapshot), to tell which ones reopened.
  // One conversation (the usual case) is passed as plain values, not arrays: Postgres can then
  // keep one plan for the statement instead of planning it for each call.
  const touched = [...latest.entries()];
  const one = touched.length === 1;
  const { rows: reopened } = await trx
    .raw(
      `update conversations c set last_message_at = greatest(c.last_message_at, x.at),
              last_message_preview = case when c.last_message_at is null or x.at >= c.last_message_at then x.preview else c.last_message_preview end,
              unread_count = c.unread_count + x.inbound,
              status = case when x.inbound > 0 and c.status in ('pending', 'snoozed', 'resolved') then 'open' else c.status end,
              snoozed_until = case when x.inbound > 0 and c.status <> 'archived' then null else c.snoozed_until end,
              resolved_at = case when x.inbound > 0 and c.status <> 'archived' then null else c.resolved_at end
         from ${one ? '(select ?::uuid, ?::timestamptz, ?::text, ?::int)' : 'unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::int[])'} as x(id, at, preview, inbound),
              conversations old
        where c.id = x.id and old.id = c.id
        returning c.id, c.workspace_id, old.status as was`,
      one
        ? [touched[0]![0], touched[0]![1].at, touched[0]![1].preview, touched[0]![1].inbound]
        : ([touched.map(([id]) => id), touched.map(([, r]) => r.at), touched.map(([, r]) => r.preview), touched.map(([, r]) => r.inbound)] as Knex.RawBinding[]),
    )
    .options(PREPARED);
  const events = (reopened as Array<{ id: string; workspace_id: string; was: string }>).filter((r) => r.was === 'pending' || r.was === 'snoozed' || r.was === 'resolved');
  if (events.length) {
    await trx('conversation_events').insert(events.map((r) => ({ workspace_id: r.workspace_id, conversation_id: r.id, type: 'reopened', detail: JSON.stringify({ from: r.was, by: 'customer_message' }) })));
  }
}
