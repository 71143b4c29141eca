// The template store behind GET /{waba-id}/message_templates, and its cursor paging (pure).
// Cursors encode a template's insertion sequence, not its position, so deleting or adding
// templates between page reads neither skips nor repeats the others (Graph cursors behave so).

export interface StoredTemplate {
  seq: number;
  /** String in API responses, number in webhooks (META-PLATFORM 7.1). */
  id: string;
  wabaId: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format: 'POSITIONAL' | 'NAMED';
  components: Array<Record<string, unknown>>;
  sub_category?: string;
  quality_score?: { score: string; date: number };
  correct_category?: string;
  previous_category?: string;
  rejected_reason?: string;
}

/** Meta's webhooks write en-US where the API writes en_US. */
export function normLanguage(code: string): string {
  return code.replace('-', '_');
}

export const DEFAULT_FIELDS = ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id'] as const;
const KNOWN_FIELDS = new Set<string>([...DEFAULT_FIELDS, 'sub_category', 'quality_score', 'correct_category', 'previous_category', 'rejected_reason']);

/** A template as the list endpoint renders it: the asked fields (or the defaults), id always. */
export function renderTemplate(t: StoredTemplate, fields: string[] | null): Record<string, unknown> {
  const want = fields ?? [...DEFAULT_FIELDS, 'sub_category'];
  const out: Record<string, unknown> = {};
  for (const f of want) {
    if (f === 'id' || !KNOWN_FIELDS.has(f)) continue;
    const v = (t as unknown as Record<string, unknown>)[f];
    if (v !== undefined) out[f] = v;
  }
  out.id = t.id;
  return out;
}

export function encodeCursor(seq: number): string {
  return Buffer.from(`tpl:${seq}`).toString('base64url');
}

export function decodeCursor(c: string): number | null {
  const m = /^tpl:(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

export type PageQuery = { limit: number; after?: number | null; before?: number | null };
export type Page<T> = { data: T[]; before: string | null; after: string | null; hasNext: boolean; hasPrevious: boolean };

/** One page of `items` (ordered by seq). `after` wins over `before` when both are given. */
export function pageBySeq<T extends { seq: number }>(items: T[], q: PageQuery): Page<T> {
  let start = 0;
  let end = items.length;
  if (q.after != null) {
    start = items.findIndex((t) => t.seq > q.after!);
    if (start < 0) start = items.length;
    end = Math.min(items.length, start + q.limit);
  } else if (q.before != null) {
    end = items.findIndex((t) => t.seq >= q.before!);
    if (end < 0) end = items.length;
    start = Math.max(0, end - q.limit);
  } else {
    end = Math.min(items.length, q.limit);
  }
  const data = items.slice(start, end);
  return {
    data,
    before: data.length ? encodeCursor(data[0].seq) : null,
    after: data.length ? encodeCursor(data[data.length - 1].seq) : null,
    hasNext: end < items.length,
    hasPrevious: start > 0,
  };
}

export type TemplateInput = {
  id?: string;
  name: string;
  language?: string;
  status?: string;
  category?: string;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components?: Array<Record<string, unknown>>;
  sub_category?: string;
  quality_score?: { score: string; date: number };
  correct_category?: string;
  previous_category?: string;
  rejected_reason?: string;
};

export type TemplatePatch = Partial<Omit<TemplateInput, 'id'>>;

export class TemplateStore {
  private seq = 0;
  private byId = new Map<string, StoredTemplate>();
  private byWaba = new Map<string, StoredTemplate[]>();
  private byKey = new Map<string, StoredTemplate>();

  constructor(private newId: () => string) {}

  private key(wabaId: string, name: string, language: string): string {
    return `${wabaId}\n${name}\n${normLanguage(language)}`;
  }

  add(wabaId: string, input: TemplateInput): StoredTemplate {
    const t: StoredTemplate = {
      seq: ++this.seq,
      id: input.id ?? this.newId(),
      wabaId,
      name: input.name,
      language: normLanguage(input.language ?? 'en_US'),
      status: (input.status ?? 'APPROVED').toUpperCase(),
      category: (input.category ?? 'UTILITY').toUpperCase(),
      parameter_format: input.parameter_format ?? 'POSITIONAL',
      components: input.components ?? [{ type: 'BODY', text: `Template ${input.name}` }],
    };
    for (const k of ['sub_category', 'quality_score', 'correct_category', 'previous_category', 'rejected_reason'] as const) {
      if (input[k] !== undefined) (t as unknown as Record<string, unknown>)[k] = input[k];
    }
    if (this.byId.has(t.id)) this.remove(t.id);
    this.byId.set(t.id, t);
    let list = this.byWaba.get(wabaId);
    if (!list) this.byWaba.set(wabaId, (list = []));
    list.push(t);
    this.byKey.set(this.key(wabaId, t.name, t.language), t);
    return t;
  }

  get(id: string): StoredTemplate | undefined {
    return this.byId.get(id);
  }

  find(wabaId: string, name: string, language: string): StoredTemplate | undefined {
    return this.byKey.get(this.key(wabaId, name, language));
  }

  all(): StoredTemplate[] {
    return [...this.byId.values()].sort((a, b) => a.seq - b.seq);
  }

  list(wabaId: string): StoredTemplate[] {
    return this.byWaba.get(wabaId) ?? [];
  }

  update(id: string, patch: TemplatePatch): StoredTemplate | undefined {
    const t = this.byId.get(id);
    if (!t) return undefined;
    this.byKey.delete(this.key(t.wabaId, t.name, t.language));
    const upper = (s: string | undefined) => s?.toUpperCase();
    Object.assign(t, Object.fromEntries(Object.entries({
      ...patch,
      status: upper(patch.status),
      category: upper(patch.category),
      language: patch.language ? normLanguage(patch.language) : undefined,
    }).filter(([, v]) => v !== undefined)));
    this.byKey.set(this.key(t.wabaId, t.name, t.language), t);
    return t;
  }

  remove(id: string): StoredTemplate | undefined {
    const t = this.byId.get(id);
    if (!t) return undefined;
    this.byId.delete(id);
    const list = this.byWaba.get(t.wabaId);
    if (list) list.splice(list.indexOf(t), 1);
    const k = this.key(t.wabaId, t.name, t.language);
    if (this.byKey.get(k) === t) this.byKey.delete(k);
    return t;
  }

  clear(): void {
    this.byId.clear();
    this.byWaba.clear();
    this.byKey.clear();
  }
}
