import { missingForTemplate, placeholderCount, placeholderNames, templateNeeds, type RowValues, type TemplateForSend, type TemplateNeeds } from '../channels/whatsapp/template-payload.ts';
import type { TemplateRow } from '../templates/queries.ts';
import type { InboxTemplateView } from './present.ts';

// A WhatsApp template sent by a person from the inbox (the only message allowed outside the
// 24-hour window): checked against the synced template before Meta sees it, so a wrong count or
// kind of values, or a missing header file, is a clear 422 and never a failed message. Pure.
// The inbox fills the body's variables and a media header, as campaigns do; a template that needs
// more (header text variables, button values, a one-time code) is not offered.

export const forSend = (t: TemplateRow): TemplateForSend => ({
  name: t.name,
  language: t.language,
  parameterFormat: t.parameter_format,
  components: (Array.isArray(t.components) ? t.components : []) as TemplateForSend['components'],
});

/** Why the inbox cannot send this template, or null. */
export function inboxTemplateProblem(t: TemplateRow): string | null {
  if (t.category === 'AUTHENTICATION') return `template ${t.name} is an authentication template: its one-time code is sent by your own system`;
  const components = forSend(t).components;
  const header = components.find((c) => c.type?.toUpperCase() === 'HEADER');
  const named = t.parameter_format?.toUpperCase() === 'NAMED';
  if (header?.format?.toUpperCase() === 'TEXT' && (named ? placeholderNames(header.text).length : placeholderCount(header.text)) > 0) {
    return `template ${t.name} has variables in its header, which the inbox does not fill`;
  }
  const buttons = components.find((c) => c.type?.toUpperCase() === 'BUTTONS')?.buttons ?? [];
  for (const b of buttons as Array<{ type?: string; url?: string }>) {
    const type = b.type?.toUpperCase();
    if ((type === 'URL' && /\{\{/.test(b.url ?? '')) || type === 'COPY_CODE' || type === 'OTP' || type === 'FLOW' || type === 'CATALOG' || type === 'MPM') {
      return `template ${t.name} has a ${type} button that needs a value, which the inbox does not fill`;
    }
  }
  return null;
}

export interface TemplateInput {
  variables: string[];
  namedVariables?: Record<string, string>;
  headerMediaUrl?: string;
}

/** The values as the payload builder takes them, or why they do not fit the template. */
export function templateValues(t: TemplateRow, input: TemplateInput): { ok: true; values: RowValues; needs: TemplateNeeds } | { ok: false; reason: string } {
  const needs = templateNeeds(forSend(t));
  const values: RowValues = { mediaUrl: input.headerMediaUrl ?? null, variables: input.variables, named: input.namedVariables ?? null };
  if (!needs.media && input.headerMediaUrl) return { ok: false, reason: `template ${t.name} has no media header: leave headerMediaUrl out` };
  const named = t.parameter_format?.toUpperCase() === 'NAMED';
  if (!named && input.namedVariables && Object.keys(input.namedVariables).length) return { ok: false, reason: `template ${t.name} takes {{1}}, {{2}}...: send variables, not namedVariables` };
  if (!named && input.variables.length > needs.positional) {
    return { ok: false, reason: `template ${t.name} takes ${needs.positional} variable${needs.positional === 1 ? '' : 's'}; ${input.variables.length} were given` };
  }
  if (named) {
    const unknown = Object.keys(input.namedVariables ?? {}).filter((k) => !needs.named.includes(k));
    if (unknown.length) return { ok: false, reason: `template ${t.name} has no parameter ${unknown.map((k) => `{{${k}}}`).join(', ')}` };
    if (input.variables.length > needs.named.length) return { ok: false, reason: `template ${t.name} takes ${needs.named.length} variables; ${input.variables.length} were given` };
  }
  const missing = missingForTemplate(needs, values);
  if (missing) return { ok: false, reason: missing.replace('the row needs a media URL', 'send headerMediaUrl').replace(/the row has (\d+)/, '$1 were given').replace(/: add a column named .*/, '') };
  return { ok: true, values, needs };
}

export const presentInboxTemplate = (t: TemplateRow): InboxTemplateView => {
  const needs = templateNeeds(forSend(t));
  return {
    name: t.name,
    language: t.language,
    category: t.category,
    components: forSend(t).components as Array<Record<string, unknown>>,
    needs: { headerMedia: needs.media, variables: needs.positional, named: needs.named },
  };
};
