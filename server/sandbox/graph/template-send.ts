// Checks a template send against the stored template, like the Cloud API: unknown or unapproved
// -> 132001, paused -> 132015, disabled -> 132016, wrong parameter count -> 132000, wrong header
// format (including a missing media header) -> 132012 (META-PLATFORM 4.2, 5). Pure.
import { cloudError, type GraphError } from './errors.ts';
import type { StoredTemplate } from './templates.ts';
import type { TemplateRef } from './validate.ts';

type Component = Record<string, unknown>;

function placeholders(text: unknown, named: boolean): string[] {
  if (typeof text !== 'string') return [];
  const re = named ? /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g : /\{\{\s*(\d+)\s*\}\}/g;
  return [...new Set([...text.matchAll(re)].map((m) => m[1]))];
}

const lower = (x: unknown) => (typeof x === 'string' ? x.toLowerCase() : '');
const paramsOf = (c: Component | undefined): Array<Record<string, unknown>> =>
  c && Array.isArray(c.parameters) ? (c.parameters as Array<Record<string, unknown>>) : [];

const countMismatch = (where: string, got: number, want: number) =>
  cloudError(
    132000,
    'Number of parameters does not match the expected number of params',
    `${where}: number of localizable_params (${got}) does not match the expected number of params (${want})`,
  );
const formatMismatch = (details: string) => cloudError(132012, 'Parameter format does not match format in the created template', details);

export function checkTemplateSend(t: StoredTemplate | undefined, ref: TemplateRef, acceptUnknown: boolean): GraphError | null {
  if (!t) {
    if (acceptUnknown) return null;
    return cloudError(132001, 'Template name does not exist in the translation', `template name (${ref.name}) does not exist in ${ref.language}`);
  }
  if (t.status === 'PAUSED') return cloudError(132015, 'Template is Paused', 'Template is paused due to low quality so it cannot be sent in a template message.');
  if (t.status === 'DISABLED') {
    return cloudError(132016, 'Template has been disabled', 'Template has been paused too many times due to low quality and is now permanently disabled.');
  }
  if (t.status !== 'APPROVED') {
    return cloudError(132001, 'Template name does not exist in the translation', `template name (${ref.name}) does not exist in ${ref.language}`);
  }

  const named = t.parameter_format === 'NAMED';
  const sent = (type: string) => ref.components.find((c) => lower(c.type) === type);
  const tplHeader = t.components.find((c) => lower(c.type) === 'header');
  const tplBody = t.components.find((c) => lower(c.type) === 'body');
  const tplButtons = t.components.find((c) => lower(c.type) === 'buttons');

  if (tplHeader) {
    const format = String(tplHeader.format ?? 'TEXT').toUpperCase();
    const got = paramsOf(sent('header'));
    if (format === 'TEXT') {
      const want = placeholders(tplHeader.text, named).length;
      if (got.length !== want) return countMismatch('header', got.length, want);
    } else {
      const received = got[0]?.type ? String(got[0].type).toUpperCase() : 'UNKNOWN';
      if (received !== format) return formatMismatch(`header: Format mismatch, expected ${format}, received ${received}`);
    }
  }

  const bodyNames = placeholders(tplBody?.text, named);
  const bodyParams = paramsOf(sent('body'));
  if (bodyParams.length !== bodyNames.length) return countMismatch('body', bodyParams.length, bodyNames.length);
  if (named) {
    for (const p of bodyParams) {
      if (!bodyNames.includes(String(p.parameter_name))) return formatMismatch(`body: parameter_name "${String(p.parameter_name ?? '')}" is not a parameter of the template`);
    }
    // As many parameters as names, but one named twice leaves another unfilled.
    const given = new Set(bodyParams.map((p) => String(p.parameter_name)));
    const unfilled = bodyNames.find((n) => !given.has(n));
    if (unfilled) return formatMismatch(`body: parameter "${unfilled}" has no value (parameter_name "${unfilled}" missing)`);
  }

  const buttons = Array.isArray(tplButtons?.buttons) ? (tplButtons.buttons as Component[]) : [];
  for (let i = 0; i < buttons.length; i++) {
    if (lower(buttons[i].type) !== 'url' || placeholders(buttons[i].url, false).length === 0) continue;
    const c = ref.components.find((x) => lower(x.type) === 'button' && String(x.index) === String(i));
    const got = paramsOf(c).length;
    if (got !== 1) return countMismatch(`button at index ${i}`, got, 1);
  }
  return null;
}
