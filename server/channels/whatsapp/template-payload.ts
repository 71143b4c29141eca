// Builds the Cloud API template message for one campaign contact (META-PLATFORM 4.2). Pure.
// {{Media}} -> the header media; POSITIONAL templates take {{1}}, {{2}}... in order, NAMED ones
// ({{customer_name}}) each parameter with its `parameter_name`, from the column of that name.

export interface TemplateForSend {
  name: string;
  language: string;
  /** Meta's parameter_format; null (older syncs) is POSITIONAL. */
  parameterFormat?: string | null;
  components: Array<{ type?: string; format?: string; text?: string; buttons?: unknown[] }>;
}

/** What one row must bring for a template: checked at upload, so Meta never refuses a row for it. */
export interface TemplateNeeds {
  name: string;
  /** The header's media type when it has one (Meta refuses the send without it). */
  media: 'image' | 'video' | 'document' | null;
  /** POSITIONAL: the highest {{n}} of the body. */
  positional: number;
  /** NAMED: the body's parameter names, in order of first appearance. */
  named: string[];
}

/** The values of one row: variables in order, and by name for NAMED templates. */
export interface RowValues {
  mediaUrl: string | null;
  variables: readonly string[];
  named: Readonly<Record<string, string>> | null;
}

export type PayloadResult = { ok: true; body: object } | { ok: false; reason: string };

const MEDIA = new Set(['IMAGE', 'VIDEO', 'DOCUMENT']);

/** Highest {{n}} in a text: "Hi {{1}}, order {{2}}" -> 2. */
export function placeholderCount(text: string | undefined): number {
  let max = 0;
  for (const m of (text ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** {{customer_name}} placeholders in order of first appearance (Meta's names: lower case, digits, '_'). */
export function placeholderNames(text: string | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!))];
}

export function templateNeeds(t: TemplateForSend): TemplateNeeds {
  const header = t.components.find((c) => c.type?.toUpperCase() === 'HEADER');
  const format = header?.format?.toUpperCase();
  const body = t.components.find((c) => c.type?.toUpperCase() === 'BODY');
  const named = t.parameterFormat?.toUpperCase() === 'NAMED';
  return {
    name: t.name,
    media: format && MEDIA.has(format) ? (format.toLowerCase() as TemplateNeeds['media']) : null,
    positional: named ? 0 : placeholderCount(body?.text),
    named: named ? placeholderNames(body?.text) : [],
  };
}

/**
 * The value of a NAMED parameter: the column of that name, else (a file without such columns)
 * the positional variable at the parameter's place in the body.
 */
export function namedValue(values: RowValues, name: string, position: number): string | undefined {
  return values.named?.[name] ?? values.variables[position];
}

/** "{{1}}" or "{{1}}..{{3}}". */
export const placeholderRange = (n: number) => (n === 1 ? '{{1}}' : `{{1}}..{{${n}}}`);

/** Why a row cannot fill a template, or null. The same rule at upload (per row) and at send. */
export function missingForTemplate(needs: TemplateNeeds, values: RowValues): string | null {
  if (needs.media && !values.mediaUrl) return `template ${needs.name} has a ${needs.media.toUpperCase()} header: the row needs a media URL`;
  if (values.variables.length < needs.positional) {
    return `template ${needs.name} needs ${needs.positional} variable${needs.positional === 1 ? '' : 's'} (${placeholderRange(needs.positional)}); the row has ${values.variables.length}`;
  }
  const missing = needs.named.filter((name, i) => !namedValue(values, name, i));
  if (missing.length) return `template ${needs.name} needs ${missing.map((n) => `{{${n}}}`).join(', ')}: add a column named ${missing.join(', ')}`;
  return null;
}

export function buildTemplateMessage(t: TemplateForSend, to: string, values: RowValues): PayloadResult {
  const needs = templateNeeds(t);
  const missing = missingForTemplate(needs, values);
  if (missing) return { ok: false, reason: missing };
  const components: object[] = [];
  if (needs.media) components.push({ type: 'header', parameters: [{ type: needs.media, [needs.media]: { link: values.mediaUrl } }] });
  if (needs.positional) components.push({ type: 'body', parameters: values.variables.slice(0, needs.positional).map((text) => ({ type: 'text', text })) });
  if (needs.named.length) {
    components.push({ type: 'body', parameters: needs.named.map((name, i) => ({ type: 'text', parameter_name: name, text: namedValue(values, name, i) })) });
  }
  return {
    ok: true,
    body: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: { name: t.name, language: { code: t.language }, ...(components.length ? { components } : {}) },
    },
  };
}
