// Test helpers over the template store: seed, mutate (category / status / quality changes, with
// the matching webhook on request) and delete (META-PLATFORM 2.12, 2.13, 7.2).
import type { TemplatePatch, StoredTemplate } from '../graph/templates.ts';
import type { SandboxState } from '../state.ts';
import type { z } from 'zod';
import type { seedTemplatesSchema, templatePatchSchema } from './schemas.ts';

export type Reply = { status: number; body: unknown };

export function renderStored(t: StoredTemplate): Record<string, unknown> {
  const { seq: _seq, wabaId, ...rest } = t;
  return { waba_id: wabaId, ...rest };
}

export function seedTemplates(sb: SandboxState, body: z.infer<typeof seedTemplatesSchema>): Reply {
  const out: StoredTemplate[] = [];
  if ('generate' in body) {
    const prefix = body.prefix ?? 'tpl';
    const start = sb.templates.list(body.waba_id).length;
    for (let i = 1; i <= body.generate; i++) {
      const name = `${prefix}_${String(start + i).padStart(4, '0')}`;
      out.push(sb.templates.add(body.waba_id, { name, components: [{ type: 'BODY', text: `Hello {{1}}, this is ${name}.`, example: { body_text: [['Ada']] } }] }));
    }
  } else {
    const list = 'templates' in body ? body.templates : [body];
    const fallback = 'templates' in body ? body.waba_id : undefined;
    for (const t of list) {
      const waba = t.waba_id ?? fallback;
      if (!waba) return { status: 400, body: { error: { message: `template ${t.name}: waba_id is required` } } };
    }
    for (const { waba_id, ...t } of list) out.push(sb.templates.add((waba_id ?? fallback)!, t));
  }
  return { status: 200, body: { templates: out.map(renderStored) } };
}

function emitChange(sb: SandboxState, wabaId: string, field: string, value: Record<string, unknown>): boolean {
  const target = sb.target(sb.knobs.forId(wabaId));
  if (!target) return false;
  sb.batcher.enqueue(target, { kind: 'change', wabaId, field, value }, sb.now());
  return true;
}

const base = (t: StoredTemplate) => ({
  message_template_id: Number(t.id),
  message_template_name: t.name,
  message_template_language: t.language,
});

export function patchTemplate(sb: SandboxState, id: string, p: z.infer<typeof templatePatchSchema>): Reply {
  const t = sb.templates.get(id);
  if (!t) return { status: 404, body: { error: { message: `no template ${id}` } } };
  const before = { status: t.status, category: t.category };
  const now = sb.now();
  const quality = typeof p.quality_score === 'string' ? { score: p.quality_score.toUpperCase(), date: Math.floor(now / 1000) } : p.quality_score;
  const patch: TemplatePatch = {
    name: p.name, language: p.language, components: p.components, category: p.category, status: p.status,
    quality_score: quality, correct_category: p.correct_category?.toUpperCase(),
  };
  if (p.category && p.category.toUpperCase() !== before.category) patch.previous_category = before.category;
  if (p.status?.toUpperCase() === 'REJECTED' && p.reason) patch.rejected_reason = p.reason;
  sb.templates.update(id, patch);

  const webhooks: string[] = [];
  if (p.emit) {
    if (patch.previous_category) {
      // Completed re-classification.
      if (emitChange(sb, t.wabaId, 'template_category_update', { ...base(t), previous_category: before.category, new_category: t.category })) webhooks.push('template_category_update');
    } else if (p.correct_category) {
      // Impending change (24 h notice): new_category is the current one.
      const value = { ...base(t), new_category: t.category, correct_category: t.correct_category, category_update_timestamp: Math.floor(now / 1000) + 86_400 };
      if (emitChange(sb, t.wabaId, 'template_category_update', value)) webhooks.push('template_category_update');
    }
    if ((p.status && t.status !== before.status) || p.event) {
      const value: Record<string, unknown> = {
        event: p.event ?? t.status,
        ...base(t),
        reason: p.reason === undefined ? 'NONE' : p.reason,
        message_template_category: t.category,
      };
      if (p.rejection_info) value.rejection_info = p.rejection_info;
      if (p.disable_info) value.disable_info = p.disable_info;
      if (p.other_info) value.other_info = p.other_info;
      if (emitChange(sb, t.wabaId, 'message_template_status_update', value)) webhooks.push('message_template_status_update');
    }
  }
  return { status: 200, body: { template: renderStored(t), webhooks } };
}

export function deleteTemplate(sb: SandboxState, id: string, emit: boolean): Reply {
  const t = sb.templates.remove(id);
  if (!t) return { status: 404, body: { error: { message: `no template ${id}` } } };
  const webhooks: string[] = [];
  const value = { event: 'DELETED', ...base(t), reason: 'NONE', message_template_category: t.category };
  if (emit && emitChange(sb, t.wabaId, 'message_template_status_update', value)) webhooks.push('message_template_status_update');
  return { status: 200, body: { success: true, webhooks } };
}

export function emitRawChange(sb: SandboxState, wabaId: string, field: string, value: Record<string, unknown>): boolean {
  return emitChange(sb, wabaId, field, value);
}
