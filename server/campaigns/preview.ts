import type { Readable } from 'node:stream';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { TemplateRow } from '../templates/queries.ts';
import { columnLetters, type ColumnMap } from './csv-header.ts';
import { openCsv, rowJudge, type JudgedRow } from './csv-ingest.ts';
import type { Delimiter } from './csv-sniff.ts';
import type { RowRules } from './csv-row.ts';
import { templateNeedsOf } from './create.ts';
import type { TemplateNeeds } from '../channels/whatsapp/template-payload.ts';
import { parseCountryRules } from './phone.ts';
import type { ColumnRole, CsvPreview } from './present.ts';

// The first rows of a CSV as the upload would read them, shown in the campaign form before the
// campaign starts: detected encoding and delimiter, which column is what, and each row's verdict.
// Reads only as far as those rows (the rest of the upload is drained unread).

export const PREVIEW_ROWS = 10;

const DELIMITER_NAMES: Record<Delimiter, CsvPreview['delimiter']> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** The needs of the picked templates (any of the workspace's; sendability is checked at creation). */
export async function previewNeeds(ctx: AppContext, workspaceId: string, templateIds: string[]): Promise<TemplateNeeds[]> {
  if (!templateIds.length) return [];
  const templates: TemplateRow[] = await ctx.db('templates').where({ workspace_id: workspaceId }).whereIn('id', templateIds);
  return templateIds.map((id) => {
    const t = templates.find((x) => x.id === id);
    if (!t) throw new HttpError(400, 'unknown_template', `Template ${id} does not exist`);
    return templateNeedsOf(t);
  });
}

export async function previewCsv(ctx: AppContext, file: Readable, needs: TemplateNeeds[]): Promise<CsvPreview> {
  const rules: RowRules = { needs, countries: parseCountryRules(ctx.config.ALLOWED_COUNTRY_CODES) };
  const source = await openCsv(file);
  const judge = rowJudge(rules);
  const judged: JudgedRow[] = [];
  let widest = 0;
  try {
    for await (const parsed of source.records as AsyncIterable<string[]>) {
      const row = judge.judge(parsed);
      if (!row) continue;
      judged.push(row);
      widest = Math.max(widest, row.cells.length);
      if (judged.length >= PREVIEW_ROWS) break;
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'invalid_csv', `The file is not valid CSV: ${(err as Error).message}`);
  }
  const map = judge.columns();
  if (!judged.length) throw new HttpError(422, 'no_rows', map.header ? 'The CSV has a header row but no contacts' : 'The CSV has no rows');
  return {
    encoding: source.format.encoding,
    delimiter: DELIMITER_NAMES[source.format.delimiter],
    header: map.header,
    columns: columnRoles(map, Math.max(widest, map.labels.length), needs),
    rows: judged.map(({ line, cells, verdict }) => ({
      row: line,
      valid: verdict.ok,
      phone: verdict.ok ? verdict.phone : null,
      rawPhone: cells[map.phone] ?? '',
      mediaUrl: verdict.ok ? verdict.mediaUrl : null,
      variables: verdict.ok ? verdict.variables : [],
      named: verdict.ok ? verdict.named : null,
      reason: verdict.ok ? null : verdict.reason,
    })),
  };
}

function columnRoles(map: ColumnMap, width: number, needs: TemplateNeeds[]): ColumnRole[] {
  const roles = new Map<number, string>([[map.phone, 'phone']]);
  if (map.media !== null) roles.set(map.media, 'media');
  if (map.ordered) for (let c = 2; c < width; c++) roles.set(c, `{{${c - 1}}}`);
  else map.positional.forEach((c, i) => c >= 0 && roles.set(c, `{{${i + 1}}}`));
  for (const name of new Set(needs.flatMap((n) => n.named))) {
    const c = map.named.get(name);
    if (c !== undefined) roles.set(c, `{{${name}}}`);
  }
  return Array.from({ length: width }, (_, c) => ({
    column: columnLetters(c),
    label: map.labels[c] || null,
    role: roles.get(c) ?? null,
  }));
}
