import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { parseInZone } from '../lib/time.ts';
import { findNumber } from '../accounts/queries.ts';
import { publish } from '../events/bus.ts';
import { stateOf, type TemplateRow } from '../templates/queries.ts';
import { isSendable } from '../templates/rules.ts';
import { splitIntoChunks } from './chunks.ts';
import { COPY_COLUMNS, csvToCopyRows, openCsv, type IngestStats } from './csv-ingest.ts';
import { templateNeeds, type TemplateForSend, type TemplateNeeds } from '../channels/whatsapp/template-payload.ts';
import { parseCountryRules } from './phone.ts';
import type { CreateCampaignFields } from './schema.ts';
import { UPLOAD_LIMITS } from './upload.ts';

const ROLLBACK_TIMEOUT_MS = 5_000;

export interface CampaignPlan {
  workspaceId: string;
  userId: string;
  fields: CreateCampaignFields;
  numberId: string;
  isTest: boolean;
  templateIds: string[];
  /** What each template needs from a row, checked on every row at upload. */
  needs: TemplateNeeds[];
  scheduledAt: Date | null;
}

/** Checks the form before any row is read: number, templates (sendable, same WABA), schedule. */
export async function planCampaign(ctx: AppContext, workspaceId: string, userId: string, fields: CreateCampaignFields): Promise<CampaignPlan> {
  const number = await findNumber(ctx.db, workspaceId, fields.numberId);
  if (!number) throw new HttpError(400, 'unknown_number', 'numberId does not name a connected number');
  if (!number.is_active) throw new HttpError(409, 'number_inactive', `Number ${number.display_name} is inactive (${number.inactive_reason}); update its token first`);
  const templates: TemplateRow[] = await ctx.db('templates').where({ workspace_id: workspaceId }).whereIn('id', fields.templateIds);
  for (const id of fields.templateIds) {
    const t = templates.find((x) => x.id === id);
    if (!t) throw new HttpError(400, 'unknown_template', `Template ${id} does not exist`);
    if (t.waba_id !== number.waba_id) throw new HttpError(400, 'template_other_waba', `Template ${t.name} belongs to another WhatsApp Business Account than ${number.display_name}`);
    if (!isSendable(stateOf(t))) {
      throw new HttpError(409, 'template_not_sendable', `Template ${t.name} (${t.language}) cannot be used: it must be an approved, active UTILITY template that is not quarantined`);
    }
  }
  let scheduledAt: Date | null = null;
  if (fields.scheduledAt) {
    scheduledAt = parseInZone(fields.scheduledAt, ctx.config.APP_TIMEZONE);
    if (!scheduledAt) throw new HttpError(400, 'invalid_schedule', `scheduledAt "${fields.scheduledAt}" is not a date-time like 2026-11-23T09:30 (${ctx.config.APP_TIMEZONE})`);
    if (scheduledAt.getTime() < Date.now() - 60_000) throw new HttpError(400, 'schedule_in_past', 'scheduledAt is in the past');
  }
  const needs = fields.templateIds.map((id) => templateNeedsOf(templates.find((x) => x.id === id)!));
  return { workspaceId, userId, fields, numberId: number.id, isTest: number.is_sandbox, templateIds: fields.templateIds, needs, scheduledAt };
}

export function templateNeedsOf(t: TemplateRow): TemplateNeeds {
  return templateNeeds({ name: t.name, language: t.language, parameterFormat: t.parameter_format, components: (t.components ?? []) as TemplateForSend['components'] });
}

export interface CreatedCampaign {
  id: string;
  status: 'scheduled' | 'queued';
  scheduledAt: Date | null;
  stats: IngestStats;
}

/**
 * One transaction: the campaign row, every CSV row COPYed into campaign_contacts as it is
 * parsed, the template chunks, and the valid rows queued. Any failure leaves nothing behind.
 */
export async function createCampaign(ctx: AppContext, plan: CampaignPlan, file: Readable): Promise<CreatedCampaign> {
  const conn = (await ctx.db.client.acquireConnection()) as pg.PoolClient;
  const stats: IngestStats = { total: 0, valid: 0, invalid: 0, examples: [] };
  const status = plan.scheduledAt ? 'scheduled' : 'queued';
  let campaignId: string;
  try {
    await conn.query('begin');
    // The COPY lasts as long as the upload, which has its own bounds (upload.ts).
    await conn.query(`set local statement_timeout = ${UPLOAD_LIMITS.totalMs + 60_000}`);
    const { rows } = await conn.query(
      `insert into campaigns (workspace_id, number_id, name, status, scheduled_at, is_test, created_by)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [plan.workspaceId, plan.numberId, plan.fields.name, status, plan.scheduledAt, plan.isTest, plan.userId],
    );
    campaignId = rows[0].id;
    const source = await openCsv(file);
    const copy = conn.query(copyFrom(`copy campaign_contacts ${COPY_COLUMNS} from stdin`));
    const rules = { needs: plan.needs, countries: parseCountryRules(ctx.config.ALLOWED_COUNTRY_CODES) };
    await pipeline(csvToCopyRows(source, campaignId, rules, stats), copy);
    if (stats.valid === 0) {
      throw new HttpError(422, 'no_valid_rows', stats.total ? `None of the ${stats.total} rows is valid (${stats.examples.join('; ')}${stats.invalid > stats.examples.length ? '; …' : ''})` : 'The CSV has no rows');
    }
    const chunks = splitIntoChunks(stats.valid, plan.templateIds.length);
    await conn.query(
      `insert into campaign_templates (campaign_id, position, template_id, first_contact, contact_count)
       select $1, x.position, x.template_id, x.first, x.count
         from unnest($2::int[], $3::uuid[], $4::int[], $5::int[]) as x(position, template_id, first, count)`,
      [campaignId, chunks.map((c) => c.template), chunks.map((c) => plan.templateIds[c.template]), chunks.map((c) => c.start), chunks.map((c) => c.count)],
    );
    await conn.query(
      `insert into send_queue (campaign_id, contact_id)
       select campaign_id, id from campaign_contacts where campaign_id = $1 and invalid_reason is null order by id`,
      [campaignId],
    );
    await conn.query('update campaigns set total_rows = $2, valid_rows = $3, invalid_rows = $4 where id = $1', [campaignId, stats.total, stats.valid, stats.invalid]);
    await conn.query('commit');
  } catch (err) {
    // A connection that cannot roll back promptly (still in COPY, broken, database gone) must not
    // go back to the pool, where the next caller would inherit its open transaction.
    const rolledBack = await withinMs(conn.query('rollback'), ROLLBACK_TIMEOUT_MS);
    if (!rolledBack) discardConnection(conn, 'rollback after a failed campaign upload did not complete');
    throw err;
  } finally {
    ctx.db.client.releaseConnection(conn);
  }
  await publish(ctx, [{ type: 'campaign.changed', workspaceId: plan.workspaceId, campaignId, action: 'insert' }]);
  return { id: campaignId, status, scheduledAt: plan.scheduledAt, stats };
}

/** Whether the promise settled successfully within ms (a late settlement is ignored). */
function withinMs(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.then(() => true, () => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Closes the socket and marks the connection so knex's pool destroys it instead of reusing it. */
function discardConnection(conn: pg.PoolClient, reason: string): void {
  (conn as unknown as { __knex__disposed: string }).__knex__disposed = reason;
  // pg has no public "destroy": end() would wait for the server, which may never answer.
  (conn as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
