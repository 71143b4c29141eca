import type { Knex } from 'knex';
import { PREPARED } from '../db/knex.ts';
import type { Channel } from '../channels/channel.ts';
import { ensureIdentities } from '../contacts/identities.ts';
import { applyLoggedStatuses } from './statuses.ts';
import { STATUS_RANK } from './status.ts';

// The one way an outbound message enters a conversation, whoever sent it: a campaign, a rule, an
// agent, a person in the inbox, and next the API. Set-based (a campaign records hundreds of sends per
// call), in the caller's transaction: the customer's identity, their open conversation (created,
// or moved to the top of the inbox), the messages, and the statuses Meta reported before the
// send was recorded.

export interface OutboundScope {
  workspaceId: string;
  accountId: string;
  channel: Channel;
  isTest: boolean;
}

export interface OutboundMessage {
  /** The customer: wa_id, IGSID or PSID. */
  customerId: string;
  /** Meta's id of the sent message; null when it was refused. */
  externalId: string | null;
  /** text, template, or a media type (image, video, audio, document). */
  type: 'text' | 'template' | 'image' | 'video' | 'audio' | 'document';
  /** The text (a media message: its caption, or null). */
  body: string | null;
  templateName?: string | null;
  /** What the type carries beyond the text: a media message's link, caption and filename. */
  payload?: Record<string, unknown> | null;
  /** Meta's id of the customer's message this one quotes. */
  contextExternalId?: string | null;
  /** The person who sent it from the inbox; null for campaigns and bots. */
  sentByUserId?: string | null;
  /** A refused send: Meta's code and our title for it (the message is recorded as failed). */
  failure?: { code: number | null; title: string } | null;
}

export interface RecordedOutbound {
  id: string;
  conversationId: string;
  externalId: string | null;
}

/**
 * `applyStatuses: false` leaves applying the statuses logged for these sends to the caller (a
 * campaign batch does it last, just before its commit, when most have arrived).
 * `conversationId`: every message answers in that conversation (a reply, a Retry), so its customer
 * and conversation exist and only its order in the inbox moves.
 */
export async function recordOutbound(trx: Knex, scope: OutboundScope, messages: OutboundMessage[], opts: { applyStatuses?: boolean; conversationId?: string } = {}): Promise<RecordedOutbound[]> {
  if (!messages.length) return [];
  const columns = [messages.map((m) => m.externalId), messages.map((m) => m.customerId), messages.map((m) => m.type), messages.map((m) => m.body),
    messages.map((m) => m.templateName ?? null), messages.map((m) => m.failure?.code ?? null), messages.map((m) => m.failure?.title ?? null),
    messages.map((m) => (m.payload ? JSON.stringify(m.payload) : null)), messages.map((m) => m.contextExternalId ?? null), messages.map((m) => m.sentByUserId ?? null)];
  /** `logged`: a status of this message came before its record (only read in a conversation). */
  let rows: Array<{ id: string; conversation_id: string; external_id: string | null; logged?: boolean }>;
  if (opts.conversationId) {
    ({ rows } = await trx.raw(
      `with x as (select * from ${UNNEST_MESSAGES}),
       conv as (
         update conversations c set last_message_at = greatest(c.last_message_at, now()),
                last_message_preview = case when c.last_message_at is null or now() >= c.last_message_at
                                            then (select ${PREVIEW} from x order by n desc limit 1) else c.last_message_preview end
          where c.id = ? and c.workspace_id = ? and c.account_id = ?
          returning c.id, c.identity_id),
       inserted as (
         ${INSERT_MESSAGES} from x cross join conv order by x.n
         on conflict (external_id) do nothing returning id, conversation_id, external_id)
       select i.*, exists (select 1 from message_status_logs l where not l.applied and l.external_id = i.external_id) as logged
         from inserted i order by i.id`,
      [...columns, opts.conversationId, scope.workspaceId, scope.accountId, scope.workspaceId, scope.accountId, scope.isTest] as Knex.RawBinding[],
    ).options(PREPARED));
  } else {
    await ensureIdentities(trx, messages.map((m) => ({ workspaceId: scope.workspaceId, channel: scope.channel, externalId: m.customerId, profileName: null })), { ids: false });
    ({ rows } = await trx.raw(
      `with x as (
         select x.*, k.id as identity_id from ${UNNEST_MESSAGES}
           join contact_identities k on k.workspace_id = ? and k.channel = ? and k.external_id = x.customer_id),
       latest as (select distinct on (identity_id) identity_id, ${PREVIEW} as preview from x order by identity_id, n desc),
       conv as (
         insert into conversations (workspace_id, account_id, identity_id, is_test, last_message_at, last_message_preview)
         select ?, ?, identity_id, ?, now(), preview from latest order by identity_id
         on conflict (account_id, identity_id) where status <> 'archived' do update
           set last_message_at = greatest(conversations.last_message_at, excluded.last_message_at),
               last_message_preview = case when conversations.last_message_at is null or excluded.last_message_at >= conversations.last_message_at
                                           then excluded.last_message_preview else conversations.last_message_preview end
         returning id, identity_id)
       ${INSERT_MESSAGES} from x join conv using (identity_id) order by x.n
       on conflict (external_id) do nothing returning id, conversation_id, external_id`,
      [...columns, scope.workspaceId, scope.channel, scope.workspaceId, scope.accountId, scope.isTest, scope.workspaceId, scope.accountId, scope.isTest] as Knex.RawBinding[],
    ).options(PREPARED));
  }
  const recorded = rows.map((r) => ({ id: r.id, conversationId: r.conversation_id, externalId: r.external_id }));
  // In a conversation the statement said which sends have statuses waiting: most have none, and
  // the statement applying them is dear to plan.
  const waiting = rows.flatMap((r) => (r.external_id && r.logged !== false ? [r.external_id] : []));
  if (opts.applyStatuses !== false) await applyLoggedStatuses(trx, waiting);
  return recorded;
}

const UNNEST_MESSAGES = `unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::jsonb[], ?::text[], ?::uuid[]) with ordinality
  as x(external_id, customer_id, type, body, template_name, error_code, error_title, payload, context_external_id, sent_by_user_id, n)`;

/** The inbox list's line for a message: its text, else its kind ("[image]"), as inbound.ts does. */
const PREVIEW = `left(coalesce(body, '[' || type || ']'), 200)`;

/** The messages of `x` into the conversation `conv` (both in scope), sent or refused. */
const INSERT_MESSAGES = `insert into messages (workspace_id, account_id, conversation_id, identity_id, external_id, direction, type, body, template_name,
                       payload, context_external_id, sent_by_user_id, status, status_rank, error_code, error_title, is_test, sent_at, status_at)
  select ?, ?, conv.id, conv.identity_id, x.external_id, 'outbound', x.type, x.body, x.template_name,
         x.payload, x.context_external_id, x.sent_by_user_id,
         case when x.error_title is null then 'sent' else 'failed' end,
         case when x.error_title is null then ${STATUS_RANK.sent} else ${STATUS_RANK.failed} end,
         x.error_code, x.error_title, ?, now(), now()`;
