import { z } from 'zod';
import { iso, isoOrNull } from '../http/present.ts';
import type { PublicTemplateRow, TemplateChangeRow } from './queries.ts';

// Templates as the API shows them: camelCase, the campaign-relevant state flags, and Meta's
// components as synced. The components keep Meta's own field names (header_text, phone_number...):
// they are Meta's format, read by the preview and the campaign CSV check, not Parley's.

const namedExamples = z.array(z.object({ param_name: z.string(), example: z.string() }));

/** One entry of Meta's components array: the fields the dashboard reads, the rest passed through. */
export const templateComponent = z.looseObject({
  /** HEADER, BODY, FOOTER, BUTTONS... */
  type: z.string(),
  /** A header's TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION. */
  format: z.string().optional(),
  text: z.string().optional(),
  example: z
    .looseObject({
      header_text: z.array(z.string()).optional(),
      header_text_named_params: namedExamples.optional(),
      body_text: z.array(z.array(z.string())).optional(),
      body_text_named_params: namedExamples.optional(),
    })
    .optional(),
  buttons: z.array(z.looseObject({ type: z.string(), text: z.string(), url: z.string().optional(), phone_number: z.string().optional() })).optional(),
});
export type TemplateComponent = z.infer<typeof templateComponent>;

export const templateView = z.object({
  id: z.string(),
  wabaId: z.string(),
  metaTemplateId: z.string(),
  name: z.string(),
  language: z.string(),
  /** Meta's review status: APPROVED, PENDING, REJECTED, PAUSED... */
  status: z.string(),
  /** UTILITY, MARKETING or AUTHENTICATION. */
  category: z.string(),
  /** Meta's announced re-categorisation, if any. */
  correctCategory: z.string().nullable(),
  /** POSITIONAL ({{1}}) or NAMED ({{order_id}}). */
  parameterFormat: z.string().nullable(),
  components: z.array(templateComponent),
  qualityScore: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  /** False once deleted on Meta's side (kept for history). */
  isActive: z.boolean(),
  isQuarantined: z.boolean(),
  quarantineReason: z.string().nullable(),
  quarantinedAt: z.string().nullable(),
  isTest: z.boolean(),
  lastSyncedAt: z.string().nullable(),
});
export type TemplateView = z.infer<typeof templateView>;

export const templateChangeView = z.object({
  field: z.enum(['category', 'status', 'quarantine', 'active']),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  source: z.enum(['sync', 'webhook', 'admin']),
  detail: z.string().nullable(),
  createdAt: z.string(),
});
export type TemplateChangeView = z.infer<typeof templateChangeView>;

export const templateListView = z.object({ items: z.array(templateView) });
export type TemplateListView = z.infer<typeof templateListView>;

export const templateDetailView = z.object({
  template: templateView,
  /** Newest first. */
  history: z.array(templateChangeView),
});
export type TemplateDetailView = z.infer<typeof templateDetailView>;

export const syncQueuedView = z.object({
  /** One sync job per WhatsApp Business account; jobId is null when that WABA's sync was already queued. */
  jobs: z.array(z.object({ numberId: z.string(), jobId: z.string().nullable() })),
});
export type SyncQueuedView = z.infer<typeof syncQueuedView>;

export function presentTemplate(t: PublicTemplateRow): TemplateView {
  return {
    id: t.id,
    wabaId: t.waba_id,
    metaTemplateId: t.meta_template_id,
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    correctCategory: t.correct_category,
    parameterFormat: t.parameter_format,
    // Stored as Meta sent it at the last sync (jsonb, never null).
    components: Array.isArray(t.components) ? (t.components as TemplateComponent[]) : [],
    qualityScore: t.quality_score,
    rejectedReason: t.rejected_reason,
    isActive: t.is_active,
    isQuarantined: t.is_quarantined,
    quarantineReason: t.quarantine_reason,
    quarantinedAt: isoOrNull(t.quarantined_at),
    isTest: t.is_test,
    lastSyncedAt: isoOrNull(t.last_synced_at),
  };
}

export function presentTemplateChange(c: TemplateChangeRow): TemplateChangeView {
  return { field: c.field, oldValue: c.old_value, newValue: c.new_value, source: c.source, detail: c.detail, createdAt: iso(c.created_at) };
}
