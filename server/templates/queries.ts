import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import type { ChangeSource, TemplateState, Transition } from './rules.ts';

export interface TemplateRow {
  id: string;
  workspace_id: string;
  waba_id: string;
  meta_template_id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  correct_category: string | null;
  parameter_format: string | null;
  components: unknown;
  quality_score: string | null;
  rejected_reason: string | null;
  is_active: boolean;
  is_quarantined: boolean;
  quarantine_reason: string | null;
  quarantined_at: Date | null;
  is_test: boolean;
  last_synced_at: Date | null;
}

/** What the API shows of a template (see present.ts). */
const PUBLIC_COLUMNS = [
  'id', 'waba_id', 'meta_template_id', 'name', 'language', 'status', 'category', 'correct_category', 'parameter_format', 'components',
  'quality_score', 'rejected_reason', 'is_active', 'is_quarantined', 'quarantine_reason', 'quarantined_at', 'is_test', 'last_synced_at',
] as const;
export type PublicTemplateRow = Pick<TemplateRow, (typeof PUBLIC_COLUMNS)[number]>;

export interface TemplateChangeRow {
  field: Transition['field'];
  old_value: string | null;
  new_value: string | null;
  source: ChangeSource;
  detail: string | null;
  created_at: Date;
}

export const stateOf = (r: TemplateRow): TemplateState => ({
  status: r.status,
  category: r.category,
  correctCategory: r.correct_category,
  isActive: r.is_active,
  isQuarantined: r.is_quarantined,
});

export const stateColumns = (s: TemplateState, quarantineReason: string | null | undefined) => ({
  status: s.status,
  category: s.category,
  correct_category: s.correctCategory,
  is_active: s.isActive,
  is_quarantined: s.isQuarantined,
  ...(quarantineReason !== undefined ? { quarantine_reason: quarantineReason, quarantined_at: quarantineReason ? new Date() : null } : {}),
  updated_at: new Date(),
});

export const templatesOfWaba = (db: Knex, workspaceId: string, wabaId: string) =>
  db<TemplateRow>('templates').where({ workspace_id: workspaceId, waba_id: wabaId });

export const findTemplate = (db: Knex, workspaceId: string, id: string) =>
  db<TemplateRow>('templates').where({ workspace_id: workspaceId, id }).first();

export const findByMetaId = (db: Knex, wabaId: string, metaTemplateId: string) =>
  db<TemplateRow>('templates').where({ waba_id: wabaId, meta_template_id: metaTemplateId });

export async function recordTransitions(db: Knex, t: Pick<TemplateRow, 'id' | 'workspace_id'>, source: ChangeSource, transitions: Transition[]): Promise<void> {
  if (!transitions.length) return;
  await db('audit_template_changes').insert(
    transitions.map((x) => ({ workspace_id: t.workspace_id, template_id: t.id, field: x.field, old_value: x.oldValue, new_value: x.newValue, detail: x.detail ?? null, source })),
  );
}

export interface TemplateFilter {
  numberId?: string;
  state?: 'sendable' | 'quarantined' | 'inactive' | 'all';
  search?: string;
}

export async function listTemplates(db: Db, workspaceId: string, f: TemplateFilter): Promise<PublicTemplateRow[]> {
  const q = db('templates as t').where('t.workspace_id', workspaceId).orderBy([{ column: 't.name' }, { column: 't.language' }]).select(PUBLIC_COLUMNS.map((c) => `t.${c}`));
  if (f.numberId) q.whereIn('t.waba_id', db('channel_accounts').where({ id: f.numberId }).select('waba_id'));
  if (f.search) q.whereILike('t.name', `%${f.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (f.state === 'sendable') q.where({ 't.is_active': true, 't.is_quarantined': false, 't.status': 'APPROVED', 't.category': 'UTILITY' });
  if (f.state === 'quarantined') q.where('t.is_quarantined', true);
  if (f.state === 'inactive') q.where('t.is_active', false);
  return q;
}

export const templateHistory = (db: Db, templateId: string): Promise<TemplateChangeRow[]> =>
  db('audit_template_changes').where({ template_id: templateId }).orderBy('id', 'desc').select('field', 'old_value', 'new_value', 'source', 'detail', 'created_at');
