import { z } from 'zod';
import { iso, isoOrNull } from '../http/present.ts';
import type { CreatedCampaign } from './create.ts';
import { CSV_ENCODINGS } from './csv-sniff.ts';
import { CAMPAIGN_STATUSES, PAUSE_KINDS } from './guard.ts';
import type { CampaignTemplateRow, CampaignWithNumber } from './queries.ts';
import type { CampaignStats } from './stats.ts';

// Campaigns as the API shows them: camelCase, the sending number as a nested object, times as ISO
// strings, the same campaign shape in the list, the campaign page and Stop / Resume's answer. The
// frontend imports these types.

export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  /** What paused it: an expired token (resumes by itself once the token is updated) or failed sends. */
  pauseKind: z.enum(PAUSE_KINDS).nullable(),
  /** Why it failed, was stopped by the app, or paused. */
  failureReason: z.string().nullable(),
  /** The WhatsApp number it sends from. */
  number: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() }),
  isTest: z.boolean(),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  /** Rows in the CSV, valid ones (queued to send) and invalid ones (skipped). */
  totalRows: z.number(),
  validRows: z.number(),
  invalidRows: z.number(),
  /** Each contact counts once: as failed whether refused on send or reported failed later, else as sent. */
  sentCount: z.number(),
  failedCount: z.number(),
  createdAt: z.string(),
});
export type CampaignView = z.infer<typeof campaignView>;

export const campaignListView = z.object({ items: z.array(campaignView) });

export const campaignTemplateView = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  /** 0-based order in the campaign. */
  position: z.number(),
  /** The template's consecutive chunk of the valid contacts: its first (0-based) and how many. */
  firstContact: z.number(),
  contactCount: z.number(),
});

export const campaignStatsView = z.object({
  /** Valid contacts. */
  total: z.number(),
  sent: z.number(),
  delivered: z.number(),
  read: z.number(),
  failed: z.number(),
  /** Still to send. */
  queued: z.number(),
  /** Of the sent, the share delivered / read; null before the first send. */
  deliveryRate: z.number().nullable(),
  readRate: z.number().nullable(),
  avgSendPerSecond: z.number().nullable(),
  firstSentAt: z.string().nullable(),
  lastSentAt: z.string().nullable(),
});

export const campaignDetailView = z.object({
  campaign: campaignView,
  templates: z.array(campaignTemplateView),
  stats: campaignStatsView,
  /** From the start to completion or stop (to now while running); null before it started. */
  durationSeconds: z.number().nullable(),
});
export type CampaignDetailView = z.infer<typeof campaignDetailView>;

export const failureGroupView = z.object({
  /** Meta's error code; null for Parley's own reasons. */
  code: z.number().nullable(),
  title: z.string(),
  count: z.number(),
});
export type FailureGroup = z.infer<typeof failureGroupView>;
export const failureListView = z.object({ items: z.array(failureGroupView) });

export const createdCampaignView = z.object({
  id: z.string(),
  status: z.enum(['scheduled', 'queued']),
  scheduledAt: z.string().nullable(),
  totalRows: z.number(),
  validRows: z.number(),
  invalidRows: z.number(),
  /** "3 invalid rows skipped" or "All rows are valid". */
  message: z.string(),
});
export type CreatedCampaignView = z.infer<typeof createdCampaignView>;

export const columnRoleView = z.object({
  /** A, B, ... AA as in a spreadsheet. */
  column: z.string(),
  label: z.string().nullable(),
  /** phone, media, {{1}}, {{customer_name}}; null when no template uses the column. */
  role: z.string().nullable(),
});
export type ColumnRole = z.infer<typeof columnRoleView>;

export const previewRowView = z.object({
  /** Line in the file. */
  row: z.number(),
  valid: z.boolean(),
  phone: z.string().nullable(),
  rawPhone: z.string(),
  mediaUrl: z.string().nullable(),
  variables: z.array(z.string()),
  named: z.record(z.string(), z.string()).nullable(),
  reason: z.string().nullable(),
});

export const csvPreviewView = z.object({
  encoding: z.enum(CSV_ENCODINGS),
  delimiter: z.enum(['comma', 'semicolon', 'tab']),
  header: z.boolean(),
  columns: z.array(columnRoleView),
  rows: z.array(previewRowView),
});
export type CsvPreview = z.infer<typeof csvPreviewView>;

export const ratePointView = z.object({
  /** Start of the point's bucket (ISO). */
  at: z.string(),
  /** Messages Meta accepted per second, averaged over the bucket. */
  sentPerSecond: z.number(),
  /** Sends refused with 130429 per second. */
  throttledPerSecond: z.number(),
  /** Other refused or failed sends per second. */
  errorsPerSecond: z.number(),
  /** The adaptive controller's rate (msg/s) at the end of the bucket. */
  learnedRate: z.number(),
});
export type RatePoint = z.infer<typeof ratePointView>;
export const rateSeriesView = z.object({ bucketSeconds: z.number(), points: z.array(ratePointView) });
export type RateSeries = z.infer<typeof rateSeriesView>;

export function presentCampaign(c: CampaignWithNumber): CampaignView {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    pauseKind: c.pause_kind,
    failureReason: c.failure_reason,
    number: { id: c.number_id, name: c.number_name, phone: c.number_phone },
    isTest: c.is_test,
    scheduledAt: isoOrNull(c.scheduled_at),
    startedAt: isoOrNull(c.started_at),
    completedAt: isoOrNull(c.completed_at),
    stoppedAt: isoOrNull(c.stopped_at),
    totalRows: c.total_rows,
    validRows: c.valid_rows,
    invalidRows: c.invalid_rows,
    sentCount: c.sent_count,
    failedCount: c.failed_count,
    createdAt: iso(c.created_at),
  };
}

export function presentCampaignDetail(c: CampaignWithNumber, templates: CampaignTemplateRow[], stats: CampaignStats, now = new Date()): CampaignDetailView {
  const end = c.completed_at ?? c.stopped_at ?? (c.status === 'running' ? now : null);
  return {
    campaign: presentCampaign(c),
    templates: templates.map((t) => ({ id: t.id, name: t.name, language: t.language, position: t.position, firstContact: t.first_contact, contactCount: t.contact_count })),
    stats: { ...stats, firstSentAt: isoOrNull(stats.firstSentAt), lastSentAt: isoOrNull(stats.lastSentAt) },
    durationSeconds: c.started_at && end ? Math.round((end.getTime() - c.started_at.getTime()) / 1000) : null,
  };
}

export function presentCreated(c: CreatedCampaign): CreatedCampaignView {
  const { total, valid, invalid } = c.stats;
  return {
    id: c.id,
    status: c.status,
    scheduledAt: isoOrNull(c.scheduledAt),
    totalRows: total,
    validRows: valid,
    invalidRows: invalid,
    message: invalid ? `${invalid} invalid row${invalid === 1 ? '' : 's'} skipped` : 'All rows are valid',
  };
}
