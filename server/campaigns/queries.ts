import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { recordOutbound } from '../inbox/outbound.ts';
import { applyLoggedStatuses } from '../inbox/statuses.ts';
import { STATUS_RANK } from '../inbox/status.ts';
import type { CampaignStatus, PauseKind } from './guard.ts';

export interface ClaimedContact {
  contact_id: string;
  attempts: number;
  phone: string;
  media_url: string | null;
  variables: string[];
  named_variables: Record<string, string> | null;
  template_name: string;
  template_parameter_format: string | null;
  template_language: string;
  template_components: Array<{ type?: string; format?: string; text?: string; buttons?: unknown[] }>;
}

/**
 * Claims up to `limit` ready rows of a campaign in queue order (FOR UPDATE SKIP LOCKED, so two
 * claimers never get the same row) and returns what is needed to send each one.
 */
export async function claimReadyBatch(db: Knex, campaignId: string, limit: number): Promise<ClaimedContact[]> {
  const { rows } = await db.raw(
    `with claimed as (
       update send_queue q set state = 'processing', claimed_at = now(), attempts = q.attempts + 1
        where q.contact_id in (
          select contact_id from send_queue
           where campaign_id = ? and state = 'ready' and next_attempt_at <= now()
           order by contact_id limit ? for update skip locked)
       returning q.contact_id, q.attempts)
     select c.contact_id, c.attempts, cc.phone, cc.media_url, cc.variables, cc.named_variables,
            t.name as template_name, t.parameter_format as template_parameter_format, t.language as template_language, t.components as template_components
       from claimed c
       join campaign_contacts cc on cc.id = c.contact_id
       join campaign_templates ct on ct.campaign_id = cc.campaign_id
        and cc.valid_index >= ct.first_contact and cc.valid_index < ct.first_contact + ct.contact_count
       join templates t on t.id = ct.template_id
      order by c.contact_id`,
    [campaignId, limit],
  );
  return rows;
}

export interface CampaignScope {
  workspaceId: string;
  numberId: string;
  isTest: boolean;
}

/** A send Meta accepted. */
export interface AcceptedSend {
  wamid: string;
  /** The customer's WhatsApp id (Meta's `wa_id`, else the number sent to): the contact's key. */
  waId: string;
  /** The template as rendered for this customer (template-text.ts). */
  text: string;
  templateName: string;
}

export interface Outcomes {
  /** Accepted by Meta: recorded on the contact and as a message in the customer's conversation. */
  sent: Array<{ id: string } & AcceptedSend>;
  failed: Array<{ id: string; code: number | null; title: string }>;
  retry: Array<{ id: string; delaySeconds: number; code: number | null; title: string }>;
  /**
   * Back to the queue untouched (token expired, sender stopping or its lock lost): no attempt is
   * spent. `attempts` is the claim's, so a row another owner has since re-claimed is left alone.
   */
  requeue: Array<{ id: string; attempts: number }>;
}

/** Records a batch of send outcomes in a few set-based statements, whatever the batch size. */
export async function recordOutcomes(db: Db, scope: CampaignScope & { campaignId: string }, o: Outcomes): Promise<void> {
  const { campaignId } = scope;
  await retryOnDeadlock(() => db.transaction(async (trx) => {
    if (o.sent.length) {
      await trx.raw(
        `update campaign_contacts cc set status = 'sent', status_rank = ${STATUS_RANK.sent}, wamid = x.wamid, sent_at = now(), status_at = now(),
                attempts = cc.attempts + 1, error_code = null, error_title = null
           from unnest(?::bigint[], ?::text[]) as x(id, wamid) where cc.id = x.id`,
        [o.sent.map((s) => s.id), o.sent.map((s) => s.wamid)],
      );
      // The customers' conversations show the template they were sent.
      const scopeOf = { workspaceId: scope.workspaceId, accountId: scope.numberId, channel: 'whatsapp' as const, isTest: scope.isTest };
      const messages = o.sent.map((s) => ({ customerId: s.waId, externalId: s.wamid, type: 'template' as const, body: s.text, templateName: s.templateName }));
      await recordOutbound(trx, scopeOf, messages, { applyStatuses: false });
    }
    if (o.failed.length) {
      await trx.raw(
        `update campaign_contacts cc set status = 'failed', status_rank = ${STATUS_RANK.failed}, error_code = x.code, error_title = x.title,
                attempts = cc.attempts + 1, status_at = now()
           from unnest(?::bigint[], ?::int[], ?::text[]) as x(id, code, title) where cc.id = x.id`,
        [o.failed.map((f) => f.id), o.failed.map((f) => f.code), o.failed.map((f) => f.title)] as Knex.RawBinding[],
      );
    }
    const done = [...o.sent.map((s) => s.id), ...o.failed.map((f) => f.id)];
    if (done.length) await trx.raw('delete from send_queue where contact_id = any(?::bigint[])', [done]);
    if (o.retry.length) {
      await trx.raw(
        `update send_queue q set state = 'ready', claimed_at = null, next_attempt_at = now() + make_interval(secs => x.delay)
           from unnest(?::bigint[], ?::int[]) as x(id, delay) where q.contact_id = x.id`,
        [o.retry.map((r) => r.id), o.retry.map((r) => r.delaySeconds)],
      );
      await trx.raw(
        `update campaign_contacts cc set attempts = cc.attempts + 1, error_code = x.code, error_title = x.title
           from unnest(?::bigint[], ?::int[], ?::text[]) as x(id, code, title) where cc.id = x.id`,
        [o.retry.map((r) => r.id), o.retry.map((r) => r.code), o.retry.map((r) => r.title)] as Knex.RawBinding[],
      );
    }
    if (o.requeue.length) {
      await trx.raw(
        `update send_queue q set state = 'ready', claimed_at = null, attempts = greatest(q.attempts - 1, 0)
           from unnest(?::bigint[], ?::int[]) as x(id, attempts) where q.contact_id = x.id and q.state = 'processing' and q.attempts = x.attempts`,
        [o.requeue.map((r) => r.id), o.requeue.map((r) => r.attempts)],
      );
    }
    if (o.sent.length || o.failed.length) {
      await trx('campaigns')
        .where({ id: campaignId })
        .update({ sent_count: trx.raw('sent_count + ?', [o.sent.length]), failed_count: trx.raw('failed_count + ?', [o.failed.length]), updated_at: trx.fn.now() });
    }
    // Last, just before commit: Meta reports 'sent' within milliseconds, often before a batch is
    // recorded (once all its sends are answered), so apply what was logged for these wamids (an
    // early failure moves between the counters). A status logged by a webhook that commits between
    // this statement and ours stays unapplied for the sweep: the later this runs, the fewer.
    if (o.sent.length) await applyLoggedStatuses(trx, o.sent.map((s) => s.wamid));
  }));
}

/**
 * The batch shares customers' conversations with the webhook processor (a customer replying while
 * a campaign reaches them again), so Postgres may break a deadlock by aborting it. Such a batch is
 * recorded again at once: left unrecorded, its rows would be sent twice after the 5-minute recovery.
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || (err as { code?: string }).code !== '40P01') throw err;
    }
  }
}

/**
 * The campaign's sent and failed counters are the one definition of those counts (list, summary
 * cards, campaign page, notifications): a contact counts once, as failed whether Meta refused the
 * send or a status webhook reported it failed later, else as sent once accepted. Wraps the status
 * webhooks' update of campaign contacts so a contact moving to failed (failed outranks every
 * status, so it was sent until now) moves between the counters in the same statement. These CTEs
 * follow a CTE named `moved_contacts` returning (campaign_id, status) of the contacts updated.
 */
export const CAMPAIGN_COUNTS_CTES = `
  newly_failed as (select campaign_id, count(*)::int as n from moved_contacts where status = 'failed' group by campaign_id),
  -- in id order, so two batches counting failures of the same campaigns cannot deadlock
  locked as (select id from campaigns where id in (select campaign_id from newly_failed) order by id for update),
  counted as (
    update campaigns c set failed_count = c.failed_count + f.n, sent_count = c.sent_count - f.n, updated_at = now()
      from newly_failed f where c.id = f.campaign_id and c.id in (select id from locked) returning c.id)`;

/** Rows claimed by a process that died mid-send go back to the queue after 5 minutes. */
export async function recoverStuckRows(db: Db, olderThanSeconds = 300): Promise<number> {
  const { rowCount } = await db.raw(
    `update send_queue set state = 'ready', claimed_at = null where state = 'processing' and claimed_at < now() - make_interval(secs => ?)`,
    [olderThanSeconds],
  );
  return rowCount ?? 0;
}

export async function queueCounts(db: Knex, campaignId: string): Promise<{ ready: number; processing: number }> {
  const rows = await db('send_queue').where({ campaign_id: campaignId }).groupBy('state').select('state').count<{ state: string; count: string }[]>('* as count');
  const get = (s: string) => Number(rows.find((r) => r.state === s)?.count ?? 0);
  return { ready: get('ready'), processing: get('processing') };
}

/** A campaigns row (select * / returning *). */
export interface CampaignRecord {
  id: string;
  workspace_id: string;
  number_id: string;
  name: string;
  status: CampaignStatus;
  pause_kind: PauseKind | null;
  /** Why it failed, was stopped by the app, or paused. */
  failure_reason: string | null;
  scheduled_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  stopped_at: Date | null;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  sent_count: number;
  failed_count: number;
  is_test: boolean;
  created_at: Date;
}

/** A campaign with the number it sends from, as the API shows it (present.ts). */
export interface CampaignWithNumber extends CampaignRecord {
  number_name: string;
  number_phone: string | null;
}

const withNumber = (db: Knex) =>
  db('campaigns as c').join('channel_accounts as n', 'n.id', 'c.number_id').select('c.*', 'n.display_name as number_name', 'n.display_phone_number as number_phone');

export async function listCampaigns(db: Knex, workspaceId: string, filter: { status?: CampaignStatus; limit: number }): Promise<CampaignWithNumber[]> {
  const q = withNumber(db).where('c.workspace_id', workspaceId).orderBy('c.created_at', 'desc').limit(filter.limit);
  if (filter.status) q.where('c.status', filter.status);
  return q;
}

export async function findCampaign(db: Knex, workspaceId: string, id: string): Promise<CampaignWithNumber | undefined> {
  return withNumber(db).where({ 'c.id': id, 'c.workspace_id': workspaceId }).first();
}

export interface CampaignTemplateRow {
  id: string;
  name: string;
  language: string;
  position: number;
  first_contact: number;
  contact_count: number;
}

/** The campaign's templates in order, each with the consecutive chunk of valid contacts it sends to. */
export async function campaignTemplates(db: Knex, campaignId: string): Promise<CampaignTemplateRow[]> {
  return db('campaign_templates as ct')
    .join('templates as t', 't.id', 'ct.template_id')
    .where('ct.campaign_id', campaignId)
    .orderBy('ct.position')
    .select('ct.position', 'ct.first_contact', 'ct.contact_count', 't.id', 't.name', 't.language');
}
