// Builds the Cloud API template message for one campaign contact (META-PLATFORM 4.2). Pure.
// The CSV columns map in order: {{Media}} -> the header media, {{1}}, {{2}}... -> body variables.

export interface TemplateForSend {
  name: string;
  language: string;
  components: Array<{ type?: string; format?: string; text?: string; buttons?: unknown[] }>;
}

export type PayloadResult = { ok: true; body: object } | { ok: false; reason: string };

const MEDIA = new Set(['IMAGE', 'VIDEO', 'DOCUMENT']);

/** Highest {{n}} in a text: "Hi {{1}}, order {{2}}" -> 2. */
export function placeholderCount(text: string | undefined): number {
  let max = 0;
  for (const m of (text ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export function buildTemplateMessage(t: TemplateForSend, to: string, mediaUrl: string | null, variables: readonly string[]): PayloadResult {
  const components: object[] = [];
  const header = t.components.find((c) => c.type?.toUpperCase() === 'HEADER');
  const format = header?.format?.toUpperCase();
  if (format && MEDIA.has(format)) {
    if (!mediaUrl) return { ok: false, reason: `template ${t.name} has a ${format} header: the row needs a media URL` };
    const kind = format.toLowerCase();
    components.push({ type: 'header', parameters: [{ type: kind, [kind]: { link: mediaUrl } }] });
  }
  const body = t.components.find((c) => c.type?.toUpperCase() === 'BODY');
  const needed = placeholderCount(body?.text);
  if (variables.length < needed) return { ok: false, reason: `template ${t.name} needs ${needed} variables; the row has ${variables.length}` };
  if (needed) components.push({ type: 'body', parameters: variables.slice(0, needed).map((text) => ({ type: 'text', text })) });
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
