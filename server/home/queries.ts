import type { Db } from '../db/knex.ts';
import type { SetupFacts } from './checklist.ts';
import type { CampaignCounts, NumberRollup } from './present.ts';
import type { RollupRow } from './rollups.ts';

export async function setupFacts(db: Db, workspaceId: string): Promise<SetupFacts> {
  const { rows } = await db.raw(
    `select exists (select 1 from channel_accounts where workspace_id = :ws and deleted_at is null) as "hasNumber",
            exists (select 1 from templates where workspace_id = :ws) as "hasTemplates",
            exists (select 1 from campaigns where workspace_id = :ws) as "hasCampaign",
            exists (select 1 from reply_rules where workspace_id = :ws and is_enabled) as "hasRule",
            -- adding a number creates its agent, with an empty prompt unless one was given
            exists (select 1 from agents a join channel_accounts n on n.id = a.number_id and n.deleted_at is null
                     where a.workspace_id = :ws and a.archived_at is null and a.is_enabled
                       and (a.mode = 'openai_prompt' or a.system_prompt <> '')) as "hasAgent"`,
    { ws: workspaceId },
  );
  return rows[0];
}

/**
 * Sent / delivered / read / failed per number and app-zone day since the start of `firstDay`,
 * set-based. A message counts on the day it was sent (a synchronous failure: the day it failed),
 * with its current status. Campaign sends come from campaign_contacts (kept forever); other
 * outbound messages (replies) from messages, minus any that are campaign sends, so a campaign
 * send recorded in both places counts once.
 */
export async function dailyRollupRows(db: Db, workspaceId: string, firstDay: string, timeZone: string): Promise<RollupRow[]> {
  const { rows } = await db.raw(
    `with bounds as (select (:firstDay::date::timestamp at time zone :tz) as since),
     sends as (
       select c.number_id, coalesce(cc.sent_at, cc.status_at) as at, cc.status
         from bounds, campaigns c
         join campaign_contacts cc on cc.campaign_id = c.id
        -- every outcome batch and status change touches updated_at: older campaigns sent nothing since
        where c.workspace_id = :ws and c.updated_at >= bounds.since
          and cc.status in ('sent', 'delivered', 'read', 'failed')
          and coalesce(cc.sent_at, cc.status_at) >= bounds.since
       union all
       select m.account_id, coalesce(m.sent_at, m.created_at), m.status
         from bounds, messages m
        where m.workspace_id = :ws and m.direction = 'outbound' and m.created_at >= bounds.since - interval '1 day'
          and coalesce(m.sent_at, m.created_at) >= bounds.since
          and m.status in ('sent', 'delivered', 'read', 'failed')
          and not exists (select 1 from campaign_contacts cc where cc.wamid = m.external_id))
     select number_id, to_char(at at time zone :tz, 'YYYY-MM-DD') as day,
            count(*) filter (where status in ('sent', 'delivered', 'read'))::int as sent,
            count(*) filter (where status in ('delivered', 'read'))::int as delivered,
            count(*) filter (where status = 'read')::int as read,
            count(*) filter (where status = 'failed')::int as failed
       from sends group by 1, 2`,
    { ws: workspaceId, firstDay, tz: timeZone },
  );
  return rows;
}

/** The workspace's numbers for the chart legend: live ones, and deleted ones that sent in the period. */
export async function rollupNumbers(db: Db, workspaceId: string, sentFrom: string[]): Promise<Array<Omit<NumberRollup, 'daily'>>> {
  return db('channel_accounts')
    .where({ workspace_id: workspaceId })
    .where((q) => q.whereNull('deleted_at').orWhereIn('id', sentFrom))
    .orderBy('created_at')
    .select('id', 'display_name as name', 'display_phone_number as phone');
}

export async function campaignCounts(db: Db, workspaceId: string): Promise<CampaignCounts> {
  const { rows } = await db.raw(
    `select count(*)::int as total,
            count(*) filter (where status in ('running', 'queued'))::int as active,
            count(*) filter (where status = 'scheduled')::int as scheduled,
            count(*) filter (where status = 'completed')::int as completed
       from campaigns where workspace_id = ?`,
    [workspaceId],
  );
  return rows[0];
}
