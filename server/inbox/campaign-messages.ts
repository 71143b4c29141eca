import type { Knex } from 'knex';
import { STATUS_RANK } from './status.ts';

// Campaign sends accepted by Meta, written into the customers' conversations as outbound template
// messages, so a reply shows under the template it answers and the agent reads it. Set-based: two
// statements per outcome batch whatever its size (never one per message), inside the caller's
// transaction that records the same sends on campaign_contacts.

export interface CampaignScope {
  workspaceId: string;
  numberId: string;
  isTest: boolean;
}

export interface AcceptedSend {
  wamid: string;
  /** The customer's WhatsApp id (Meta's `wa_id`, else the number sent to): the contact's key. */
  waId: string;
  /** The template as rendered for this customer (template-text.ts). */
  text: string;
  templateName: string;
}

export async function recordCampaignMessages(trx: Knex, scope: CampaignScope, sends: AcceptedSend[]): Promise<number> {
  if (!sends.length) return 0;
  const waIds = sends.map((s) => s.waId);
  // Its own statement: the next one then sees contacts another transaction created meanwhile
  // (an inbound message from the same customer), which a CTE in the same statement would not.
  // Sorted, so two batches that share customers lock them in the same order.
  await trx.raw(
    `insert into contacts (workspace_id, channel, external_id)
     select ?, 'whatsapp', w from (select distinct unnest(?::text[]) as w) x order by w
     on conflict (workspace_id, channel, external_id) do nothing`,
    [scope.workspaceId, waIds],
  );
  // The open conversation of each customer, created or moved to the top of the inbox (ON CONFLICT
  // DO UPDATE also waits for and sees one created concurrently), then the messages in it.
  const { rowCount } = await trx.raw(
    `with x as (
       select x.*, k.id as contact_id
         from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as x(wamid, wa_id, body, template_name, n)
         join contacts k on k.workspace_id = ? and k.channel = 'whatsapp' and k.external_id = x.wa_id),
     latest as (select distinct on (contact_id) contact_id, body from x order by contact_id, n desc),
     conv as (
       insert into conversations (workspace_id, number_id, contact_id, is_test, last_message_at, last_message_preview)
       select ?, ?, contact_id, ?, now(), left(body, 200) from latest order by contact_id
       on conflict (number_id, contact_id) where status = 'open' do update
         set last_message_at = greatest(conversations.last_message_at, excluded.last_message_at),
             last_message_preview = case when conversations.last_message_at is null or excluded.last_message_at >= conversations.last_message_at
                                         then excluded.last_message_preview else conversations.last_message_preview end
       returning id, contact_id)
     insert into messages (workspace_id, number_id, conversation_id, contact_id, wamid, direction, type, body, template_name, status, status_rank, is_test, sent_at, status_at)
     select ?, ?, conv.id, x.contact_id, x.wamid, 'outbound', 'template', x.body, x.template_name, 'sent', ${STATUS_RANK.sent}, ?, now(), now()
       from x join conv using (contact_id) order by x.n
     on conflict (wamid) do nothing`,
    [sends.map((s) => s.wamid), waIds, sends.map((s) => s.text), sends.map((s) => s.templateName), scope.workspaceId,
      scope.workspaceId, scope.numberId, scope.isTest, scope.workspaceId, scope.numberId, scope.isTest] as Knex.RawBinding[],
  );
  return rowCount ?? 0;
}
