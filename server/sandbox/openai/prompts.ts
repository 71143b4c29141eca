// Prompt store: stands in for prompts saved in the OpenAI dashboard, which the
// Responses API references as `prompt: {id, version?, variables?}`.
import { SimError, isRecord } from './util.ts';

export type PromptVersion = { id: string; version: string; instructions: string; model?: string };

export type PromptStore = Map<string, PromptVersion[]>;

/**
 * Seeds one prompt version, or several: `{id, version?, instructions, model?}`
 * or `{prompts: [...]}`. Without a version the next integer is used, like the dashboard.
 */
export function seedPrompts(store: PromptStore, body: unknown): PromptVersion[] {
  const list = isRecord(body) && Array.isArray(body.prompts) ? body.prompts : [body];
  const added: PromptVersion[] = [];
  for (const [i, p] of list.entries()) {
    const where = list.length > 1 || (isRecord(body) && 'prompts' in body) ? `prompts[${i}].` : '';
    if (!isRecord(p) || typeof p.id !== 'string' || !p.id) throw new SimError(400, `${where}id must be a non-empty string`, 'invalid_request_error', `${where}id`);
    if (typeof p.instructions !== 'string') throw new SimError(400, `${where}instructions must be a string`, 'invalid_request_error', `${where}instructions`);
    if (p.version !== undefined && typeof p.version !== 'string' && typeof p.version !== 'number') {
      throw new SimError(400, `${where}version must be a string`, 'invalid_request_error', `${where}version`);
    }
    const versions = store.get(p.id) ?? [];
    const version = p.version !== undefined ? String(p.version) : String(versions.length + 1);
    const entry: PromptVersion = { id: p.id, version, instructions: p.instructions };
    if (typeof p.model === 'string') entry.model = p.model;
    // Re-seeding a version replaces it in place; "latest" stays the last one added.
    const at = versions.findIndex((v) => v.version === version);
    if (at >= 0) versions[at] = entry;
    else versions.push(entry);
    store.set(p.id, versions);
    added.push(entry);
  }
  return added;
}

export function resolvePrompt(store: PromptStore, prompt: unknown): { version: PromptVersion; text: string; variables: Record<string, unknown> } {
  if (!isRecord(prompt) || typeof prompt.id !== 'string') {
    throw new SimError(400, "Invalid type for 'prompt.id': expected a string.", 'invalid_request_error', 'prompt.id', 'invalid_type');
  }
  const versions = store.get(prompt.id);
  if (!versions || versions.length === 0) {
    throw new SimError(404, `Prompt with id '${prompt.id}' not found.`, 'invalid_request_error', 'prompt.id');
  }
  const wanted = prompt.version;
  const version = wanted === undefined || wanted === null ? versions[versions.length - 1] : versions.find((v) => v.version === String(wanted));
  if (!version) {
    throw new SimError(404, `Prompt with id '${prompt.id}' and version '${String(wanted)}' not found.`, 'invalid_request_error', 'prompt.version');
  }
  const variables = isRecord(prompt.variables) ? prompt.variables : {};
  const missing: string[] = [];
  const text = version.instructions.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in variables)) {
      missing.push(name);
      return '';
    }
    return variableText(variables[name]);
  });
  // The real API refuses to run a prompt with unfilled variables; catching that here is the point.
  if (missing.length > 0) {
    throw new SimError(400, `Missing prompt variables: ${[...new Set(missing)].join(', ')}.`, 'invalid_request_error', 'prompt.variables');
  }
  return { version, text, variables };
}

/** Variables may be strings or input content parts (`{type:'input_text', text}`). */
function variableText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v.text === 'string') return v.text;
  if (isRecord(v)) return `[${String(v.type ?? 'object')}]`;
  return String(v);
}
