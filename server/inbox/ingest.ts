import type { Knex } from 'knex';
import type { InboundMessage, StatusUpdate } from '../channels/whatsapp/webhook.ts';
import { enqueueReplyTasks } from '../agents/queries.ts';
import { CAMPAIGN_COUNTS_CTES } from '../campaigns/queries.ts';
import { bestStatusOf } from './status.ts';

// Writes what webhooks report, in a few set-based statements per batch (never a query per
// message): contacts and conversations on first contact, messages deduplicated by wamid,
// statuses applied monotonically with their history kept in message_status_logs.

export interface NumberRef {
  id: string;
  workspace_id: string;
  phone_number_id: string;
  is_sandbox: boolean;
}

export interface IngestResult {
  newMessages: Array<{ workspaceId: string; conversationId: string }>;
  statusWorkspaces: Set<string>;
  /** Workspaces where a status moved a campaign contact: their campaign stats changed. */
  campaignWorkspaces: Set<string>;
  /** Inbound text messages queued for an auto-reply. */
  replyTasks: number;
  unknownNumbers: Set<string>;
}

export async function loadNumbers(trx: Knex, phoneNumberIds: string[]): Promise<Map<string, NumberRef>> {
  if (!phoneNumberIds.length) return new Map();
  const rows: NumberRef[] = await trx('phone_numbers')
    .whereIn('phone_number_id', [...new Set(phoneNumberIds)])
    .whereNull('deleted_at')
    .select('id', 'workspace_id', 'phone_number_id', 'is_sandbox');
  return new Map(rows.map((r) => [r.phone_number_id, r]));
}

export async function ingestWhatsApp(trx: Knex, messages: InboundMessage[], statuses: StatusUpdate[]): Promise<IngestResult> {
  const numbers = await loadNumbers(trx, [...messages, ...statuses].map((x) => x.phoneNumberId));
  const result: IngestResult = { newMessages: [], statusWorkspaces: new Set(), campaignWorkspaces: new Set(), replyTasks: 0, unknownNumbers: new Set() };
  const known = <T extends { phoneNumberId: string }>(xs: T[]) =>
    xs.filter((x) => numbers.has(x.phoneNumberId) || (result.unknownNumbers.add(x.phoneNumberId), false));
  await recordInbound(trx, numbers, known(messages), result);
  await recordStatuses(trx, numbers, known(statuses), result);
  return result;
}

async function recordInbound(trx: Knex, numbers: Map<string, NumberRef>, messages: InboundMessage[], result: IngestResult): Promise<void> {
  if (!messages.length) return;
  const byWamid = new Map(messages.map((m) => [m.wamid, m])); // a batch may repeat a message
  const unique = [...byWamid.values()];

  const contactKey = (ws: string, ext: string) => `${ws}|${ext}`;
  const contactRows = new Map<string, { workspace_id: string; external_id: string; profile_name: string | null }>();
  for (const m of unique) {
    const ws = numbers.get(m.phoneNumberId)!.workspace_id;
    contactRows.set(contactKey(ws, m.from), { workspace_id: ws, external_id: m.from, profile_name: m.profileName });
  }
  const contacts: Array<{ id: string; workspace_id: string; external_id: string }> = await trx('contacts')
    .insert([...contactRows.values()].map((c) => ({ ...c, channel: 'whatsapp' })))
    .onConflict(['workspace_id', 'channel', 'external_id'])
    .merge({ profile_name: trx.raw('coalesce(excluded.profile_name, contacts.profile_name)'), updated_at: trx.fn.now() })
    .returning(['id', 'workspace_id', 'external_id']);
  const contactId = new Map(contacts.map((c) => [contactKey(c.workspace_id, c.external_id), c.id]));

  const pairKey = (numberId: string, cId: string) => `${numberId}|${cId}`;
  const pairs = new Map<string, { workspace_id: string; number_id: string; contact_id: string; is_test: boolean }>();
  for (const m of unique) {
    const n = numbers.get(m.phoneNumberId)!;
    const cId = contactId.get(contactKey(n.workspace_id, m.from))!;
    pairs.set(pairKey(n.id, cId), { workspace_id: n.workspace_id, number_id: n.id, contact_id: cId, is_test: n.is_sandbox });
  }
  await trx.raw(
    `insert into conversations (workspace_id, number_id, contact_id, is_test)
     select * from jsonb_to_recordset(?::jsonb) as x(workspace_id uuid, number_id uuid, contact_id uuid, is_test boolean)
     on conflict (number_id, contact_id) where status = 'open' do nothing`,
    [JSON.stringify([...pairs.values()])],
  );
  const convs: Array<{ id: string; number_id: string; contact_id: string }> = await trx('conversations')
    .where({ status: 'open' })
    .whereIn(['number_id', 'contact_id'], [...pairs.values()].map((p) => [p.number_id, p.contact_id]))
    .select('id', 'number_id', 'contact_id');
  const convId = new Map(convs.map((c) => [pairKey(c.number_id, c.contact_id), c.id]));

  const rows = unique.map((m) => {
    const n = numbers.get(m.phoneNumberId)!;
    const cId = contactId.get(contactKey(n.workspace_id, m.from))!;
    return {
      workspace_id: n.workspace_id,
      number_id: n.id,
      conversation_id: convId.get(pairKey(n.id, cId))!,
      contact_id: cId,
      wamid: m.wamid,
      direction: 'inbound',
      type: m.type,
      body: m.text,
      payload: m.payload === null ? null : JSON.stringify(m.payload),
      context_wamid: m.contextWamid,
      status: 'received',
      is_test: n.is_sandbox,
      sent_at: m.timestamp,
    };
  });
  const inserted: Array<{ id: string; workspace_id: string; conversation_id: string; body: string | null; type: string; sent_at: Date }> = await trx('messages')
    .insert(rows)
    .onConflict(trx.raw('(wamid)'))
    .ignore()
    .returning(['id', 'workspace_id', 'conversation_id', 'body', 'type', 'sent_at']);
  if (!inserted.length) return;
  const texts = inserted.filter((m) => m.type === 'text');
  await enqueueReplyTasks(trx, texts);
  result.replyTasks += texts.length;

  const latest = new Map<string, (typeof inserted)[number]>();
  for (const r of inserted) {
    const cur = latest.get(r.conversation_id);
    if (!cur || r.sent_at >= cur.sent_at) latest.set(r.conversation_id, r);
  }
  await trx.raw(
    `update conversations c set last_message_at = greatest(c.last_message_at, x.at),
            last_message_preview = case when c.last_message_at is null or x.at >= c.last_message_at then x.preview else c.last_message_preview end
       from jsonb_to_recordset(?::jsonb) as x(id uuid, at timestamptz, preview text)
      where c.id = x.id`,
    [JSON.stringify([...latest.entries()].map(([id, r]) => ({ id, at: r.sent_at, preview: (r.body ?? `[${r.type}]`).slice(0, 200) })))],
  );
  for (const [conversationId, r] of latest) result.newMessages.push({ workspaceId: r.workspace_id, conversationId });
}

async function recordStatuses(trx: Knex, numbers: Map<string, NumberRef>, statuses: StatusUpdate[], result: IngestResult): Promise<void> {
  if (!statuses.length) return;
  const unique = new Map(statuses.map((s) => [`${s.wamid}|${s.status}`, s]));
  const rows = [...unique.values()];
  const { rows: [r] } = await trx.raw(LOG_AND_APPLY_STATUSES, [
    rows.map((s) => numbers.get(s.phoneNumberId)!.workspace_id),
    rows.map((s) => s.wamid),
    rows.map((s) => s.status),
    rows.map((s) => s.errorCode),
    rows.map((s) => s.errorTitle),
    rows.map((s) => s.timestamp),
  ] as Knex.RawBinding[]);
  if (!r.logged) return; // a replay: nothing new
  const workspaces = new Set(rows.map((s) => numbers.get(s.phoneNumberId)!.workspace_id));
  workspaces.forEach((w) => result.statusWorkspaces.add(w));
  if (r.contacts) workspaces.forEach((w) => result.campaignWorkspaces.add(w));
}

// Statuses only ever move up (failed outranks all), so applying the best of the statuses logged
// now is the same as applying the best of all logged so far: earlier ones were applied when they
// came, or are still unapplied and left to applyLoggedStatuses. Inbox messages and campaign
// contacts both carry (wamid, status, status_rank, ...): one rule for both tables (a campaign send
// is a row in each).
const moveUp = (table: 'messages' | 'campaign_contacts') => `
    update ${table} m
       set status = b.status, status_rank = b.rank, status_at = b.status_at,
           error_code = coalesce(b.error_code, m.error_code), error_title = coalesce(b.error_title, m.error_title)
      from best b
     where m.wamid = b.wamid and m.status_rank < b.rank`;

/** Follows a CTE `statuses` of (wamid, status, error_code, error_title, status_at[, applied]). */
const applyBest = (which = '') => `
  best as (${bestStatusOf(`statuses ${which}`)}),
  moved_messages as (${moveUp('messages')}
    returning 1),
  moved_contacts as (${moveUp('campaign_contacts')}
    returning m.campaign_id, m.status),
  ${CAMPAIGN_COUNTS_CTES}`;

const MOVED_COUNTS = '(select count(*) from moved_messages)::int as messages, (select count(*) from moved_contacts)::int as contacts';

/** SQL: whether the send that got `wamid` is recorded, as an inbox message or a campaign contact. */
const isRecorded = (wamid: string) =>
  `(exists (select 1 from messages m where m.wamid = ${wamid}) or exists (select 1 from campaign_contacts c where c.wamid = ${wamid}))`;

/**
 * One statement per webhook batch: log each new (wamid, status) (a replayed one is skipped), and
 * apply those whose message or campaign contact is already recorded; the rest stay unapplied.
 */
const LOG_AND_APPLY_STATUSES = `
  with statuses as (
    insert into message_status_logs (workspace_id, wamid, status, error_code, error_title, status_at, applied)
    select x.*, ${isRecorded('x.wamid')}
      from unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::text[], ?::timestamptz[])
           as x(workspace_id, wamid, status, error_code, error_title, status_at)
    on conflict (wamid, status) do nothing
    returning wamid, status, error_code, error_title, status_at, applied),
  ${applyBest('where applied')}
  select (select count(*) from statuses)::int as logged, ${MOVED_COUNTS}`;

/** Marks the unapplied logs `which` selects applied and applies them, in one statement. */
async function applyUnapplied(db: Knex, which: string, bindings: Knex.RawBinding[]): Promise<{ messages: number; contacts: number; workspaces: string[] }> {
  const { rows } = await db.raw(
    `with statuses as (
       update message_status_logs l set applied = true where not l.applied and ${which}
       returning l.wamid, l.status, l.error_code, l.error_title, l.status_at, l.workspace_id),
     ${applyBest()}
     select ${MOVED_COUNTS}, coalesce((select array_agg(distinct workspace_id) from statuses), '{}') as workspaces`,
    bindings,
  );
  return { messages: rows[0].messages, contacts: rows[0].contacts, workspaces: rows[0].workspaces };
}

/**
 * Applies the statuses logged before their message or campaign contact was recorded and marks them
 * applied: for outbound messages and campaign contacts that just got their wamid (the webhook may
 * beat the send's record). Reads only unapplied logs (a partial index).
 */
export async function applyLoggedStatuses(trx: Knex, wamids: string[]): Promise<{ messages: number; contacts: number }> {
  if (!wamids.length) return { messages: 0, contacts: 0 };
  const { messages, contacts } = await applyUnapplied(trx, `l.wamid = any(?::text[]) and ${isRecorded('l.wamid')}`, [wamids]);
  return { messages, contacts };
}

/**
 * A status logged while the send that produced its wamid was still being recorded (two
 * transactions, neither seeing the other) stays unapplied. At Meta's ceiling that is hundreds a
 * second (a webhook batch's statement runs for tens of ms while sends are recorded), so this
 * sweep, run every second, applies up to `limit` of them oldest first in one statement, once they
 * are 2 s old.
 */
export function applyStrandedStatuses(db: Knex, limit = 5000): Promise<{ messages: number; contacts: number; workspaces: string[] }> {
  return applyUnapplied(
    db,
    `l.id in (
       select u.id from message_status_logs u
        -- younger ones are mostly waiting for their send's record, which applies them itself
        where not u.applied and u.received_at between now() - interval '1 day' and now() - interval '2 seconds'
          and ${isRecorded('u.wamid')}
        order by u.id limit ?)`,
    [limit],
  );
}
