// Template endpoints (META-PLATFORM 7): GET /{waba-id}/message_templates with limit/after/before
// cursor paging, fields and filters; POST to create (PENDING); DELETE by name or hsm_id;
// GET/POST /{template-id} to read or edit one.
import { isRecord } from '../http.ts';
import type { Effective } from '../knobs.ts';
import { fail, ok, origin, params, type GraphCtx, type Result } from './context.ts';
import { GraphError, expiredToken, invalidToken, paramError } from './errors.ts';
import { decodeCursor, DEFAULT_FIELDS, normLanguage, pageBySeq, renderTemplate, type StoredTemplate } from './templates.ts';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];

function wabaAuth(ctx: GraphCtx, wabaId: string, k: Effective): GraphError | null {
  if (!ctx.token) return invalidToken();
  if (k.expired.has(ctx.token)) return expiredToken(ctx.now);
  return ctx.sb.registry.tokenOkForWaba(wabaId, ctx.token) ? null : invalidToken();
}

const csv = (s: string | null) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : null);

export function listTemplates(ctx: GraphCtx, wabaId: string, k: Effective): Result {
  const meta = { objectId: wabaId };
  const auth = wabaAuth(ctx, wabaId, k);
  if (auth) return fail(ctx, auth, meta);
  const q = params(ctx);
  const rawLimit = q.get('limit');
  if (rawLimit !== null && !/^\d+$/.test(rawLimit)) return fail(ctx, paramError('Param limit must be a non-negative integer.'), meta);
  const limit = Math.min(MAX_LIMIT, Math.max(1, rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit)));
  const after = q.get('after');
  const before = q.get('before');
  const afterSeq = after ? decodeCursor(after) : null;
  const beforeSeq = before ? decodeCursor(before) : null;
  if ((after && afterSeq === null) || (before && beforeSeq === null)) return fail(ctx, paramError('Param after/before is not a valid cursor.'), meta);

  const statuses = csv(q.get('status'))?.map((s) => s.toUpperCase());
  const categories = csv(q.get('category'))?.map((s) => s.toUpperCase());
  const language = q.get('language');
  const name = q.get('name')?.toLowerCase();
  const items = ctx.sb.templates.list(wabaId).filter((t) =>
    (!statuses || statuses.includes(t.status)) &&
    (!categories || categories.includes(t.category)) &&
    (!language || t.language === normLanguage(language)) &&
    (!name || t.name.includes(name)));

  const page = pageBySeq(items, { limit, after: afterSeq, before: beforeSeq });
  const fields = csv(q.get('fields'));
  const data = page.data.map((t) => renderTemplate(t, fields));
  if (data.length === 0) return ok({ data }, meta);

  const link = (key: 'after' | 'before', cursor: string) => {
    const p = new URLSearchParams(ctx.query);
    p.delete('after');
    p.delete('before');
    p.set('limit', String(limit));
    p.set(key, cursor);
    return `${origin(ctx)}${ctx.sb.basePath}/graph/${ctx.version}/${wabaId}/message_templates?${p}`;
  };
  const paging: Record<string, unknown> = { cursors: { before: page.before, after: page.after } };
  if (page.hasNext) paging.next = link('after', page.after!);
  if (page.hasPrevious) paging.previous = link('before', page.before!);
  return ok({ data, paging }, meta);
}

export function createTemplate(ctx: GraphCtx, wabaId: string, k: Effective): Result {
  const meta = { objectId: wabaId };
  const auth = wabaAuth(ctx, wabaId, k);
  if (auth) return fail(ctx, auth, meta);
  const b = ctx.parsed;
  if (!ctx.parseOk || !isRecord(b) || typeof b.name !== 'string') return fail(ctx, paramError('The parameter name is required.'), meta);
  if (!/^[a-z0-9_]{1,512}$/.test(b.name)) return fail(ctx, paramError('Param name must contain only lowercase alphanumeric characters and underscores, at most 512.'), meta);
  if (typeof b.language !== 'string') return fail(ctx, paramError('The parameter language is required.'), meta);
  const category = typeof b.category === 'string' ? b.category.toUpperCase() : null;
  if (!category) return fail(ctx, paramError('The parameter category is required.'), meta);
  if (!CATEGORIES.includes(category)) return fail(ctx, paramError(`Param category must be one of {${CATEGORIES.join(', ')}} - got "${String(b.category)}".`), meta);
  if (!Array.isArray(b.components) || b.components.length === 0) return fail(ctx, paramError('The parameter components is required.'), meta);
  if (ctx.sb.templates.find(wabaId, b.name, b.language)) {
    return fail(ctx, new GraphError(400, {
      message: '(#100) Invalid parameter',
      type: 'OAuthException',
      code: 100,
      error_subcode: 2388024,
      error_user_title: 'Message template already exists',
      error_user_msg: `There is already ${b.language} content for this template. You can create a new template and try again.`,
    }), meta);
  }
  const t = ctx.sb.templates.add(wabaId, {
    name: b.name,
    language: b.language,
    category,
    status: 'PENDING',
    components: b.components as Array<Record<string, unknown>>,
    parameter_format: b.parameter_format === 'NAMED' ? 'NAMED' : 'POSITIONAL',
  });
  return ok({ id: t.id, status: t.status, category: t.category }, meta);
}

export function deleteTemplates(ctx: GraphCtx, wabaId: string, k: Effective): Result {
  const meta = { objectId: wabaId };
  const auth = wabaAuth(ctx, wabaId, k);
  if (auth) return fail(ctx, auth, meta);
  const q = params(ctx);
  const name = q.get('name');
  if (!name) return fail(ctx, paramError('The parameter name is required.'), meta);
  const hsmId = q.get('hsm_id');
  const victims = ctx.sb.templates.list(wabaId).filter((t) => t.name === name && (!hsmId || t.id === hsmId));
  if (victims.length === 0) return fail(ctx, paramError(`Message template "${name}" was not found.`), meta);
  if (victims.some((t) => t.status === 'DISABLED')) return fail(ctx, paramError('Disabled message templates cannot be deleted.'), meta);
  for (const t of victims) ctx.sb.templates.remove(t.id);
  return ok({ success: true }, meta);
}

export function getTemplate(ctx: GraphCtx, t: StoredTemplate, k: Effective): Result {
  const meta = { objectId: t.id };
  const auth = wabaAuth(ctx, t.wabaId, k);
  if (auth) return fail(ctx, auth, meta);
  return ok(renderTemplate(t, csv(params(ctx).get('fields')) ?? [...DEFAULT_FIELDS]), meta);
}

export function editTemplate(ctx: GraphCtx, t: StoredTemplate, k: Effective): Result {
  const meta = { objectId: t.id };
  const auth = wabaAuth(ctx, t.wabaId, k);
  if (auth) return fail(ctx, auth, meta);
  const b = ctx.parsed;
  if (!ctx.parseOk || !isRecord(b) || (b.category === undefined && b.components === undefined)) {
    return fail(ctx, paramError('The parameter category or components is required.'), meta);
  }
  if (!EDITABLE.includes(t.status)) return fail(ctx, paramError(`Templates with status ${t.status} cannot be edited.`), meta);
  const category = typeof b.category === 'string' ? b.category.toUpperCase() : undefined;
  if (category && !CATEGORIES.includes(category)) return fail(ctx, paramError(`Param category must be one of {${CATEGORIES.join(', ')}} - got "${String(b.category)}".`), meta);
  ctx.sb.templates.update(t.id, {
    ...(category ? { category } : {}),
    ...(Array.isArray(b.components) ? { components: b.components as Array<Record<string, unknown>> } : {}),
  });
  return ok({ success: true }, meta);
}
