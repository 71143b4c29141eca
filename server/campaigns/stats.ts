import type { Db } from '../db/knex.ts';
import { failureTitle } from './autopause.ts';
import { isoInZone } from '../lib/time.ts';
import type { FailureGroup } from './present.ts';

export interface CampaignStats {
  total: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  queued: number;
  deliveryRate: number | null;
  readRate: number | null;
  avgSendPerSecond: number | null;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
}

/**
 * Counts from campaign_contacts (kept forever), so stats outlive the 90-day message retention;
 * sent and failed are the campaign's counters, the definition the list and notifications use too
 * (CAMPAIGN_COUNTS_CTES in queries.ts).
 */
export async function campaignStats(db: Db, campaignId: string): Promise<CampaignStats> {
  const { rows } = await db.raw(
    `select count(*)::int as total,
            (select sent_count from campaigns where id = ?) as sent,
            count(*) filter (where status in ('delivered', 'read'))::int as delivered,
            count(*) filter (where status = 'read')::int as read,
            (select failed_count from campaigns where id = ?) as failed,
            count(*) filter (where status = 'queued')::int as queued,
            min(sent_at) as first, max(sent_at) as last
       from campaign_contacts where campaign_id = ? and invalid_reason is null`,
    [campaignId, campaignId, campaignId],
  );
  const r = rows[0];
  const seconds = r.first && r.last ? (new Date(r.last).getTime() - new Date(r.first).getTime()) / 1000 : 0;
  return {
    total: r.total,
    sent: r.sent,
    delivered: r.delivered,
    read: r.read,
    failed: r.failed,
    queued: r.queued,
    deliveryRate: r.sent ? r.delivered / r.sent : null,
    readRate: r.sent ? r.read / r.sent : null,
    avgSendPerSecond: r.sent > 1 && seconds > 0 ? r.sent / seconds : null,
    firstSentAt: r.first,
    lastSentAt: r.last,
  };
}

/**
 * The campaign's failed contacts (refused on send or reported failed by a status webhook) by
 * Meta's code, most frequent first, in one grouped query over the campaign's contacts (status is
 * deliberately not indexed: status webhooks then update contacts in place, see migration 0015).
 * Without a code, our own reasons stay apart.
 */
export async function failureGroups(db: Db, campaignId: string): Promise<FailureGroup[]> {
  const { rows } = await db.raw(
    `select error_code as code, min(error_title) as title, count(*)::int as count
       from campaign_contacts where campaign_id = ? and status = 'failed'
      group by error_code, case when error_code is null then error_title end
      order by count desc, error_code nulls last`,
    [campaignId],
  );
  return rows.map((r: { code: number | null; title: string | null; count: number }) => ({ code: r.code, title: failureTitle(r.code, r.title), count: r.count }));
}

/**
 * A spreadsheet must not execute a cell: =, +, -, @, tab and CR prefixes get a leading quote, and
 * so do their fullwidth forms (＝＋－＠), which some spreadsheets fold to ASCII before parsing.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Times are written in the app time zone with its offset (2026-12-02T10:32:05+05:30). */
export function csvCell(value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? isoInZone(value, timeZone) : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: unknown[], timeZone: string) => cells.map((c) => csvCell(c, timeZone)).join(',') + '\r\n';
