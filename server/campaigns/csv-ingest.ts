import { parse } from 'csv-parse';
import { Transform, type Readable } from 'node:stream';
import { HttpError } from '../http/errors.ts';
import { cleanCells, isHeaderRow, validateRow } from './csv-row.ts';
import type { CountryRule } from './phone.ts';

// Streams an uploaded CSV into COPY rows for campaign_contacts without holding the file: parse,
// validate, emit one tab-separated line per row (valid or not). Counting happens on the way.

export const MAX_ROWS = 100_000;

export interface IngestStats {
  total: number;
  valid: number;
  invalid: number;
  /** The first few invalid rows as "row N: reason", to explain a file with no valid row. */
  examples: string[];
}

const MAX_EXAMPLES = 3;

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  const s = String(v);
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** The COPY column list matching the lines produced below. */
export const COPY_COLUMNS = '(campaign_id, row_number, raw_phone, phone, media_url, variables, valid_index, invalid_reason, status)';

export function csvToCopyRows(input: Readable, campaignId: string, countries: readonly CountryRule[], stats: IngestStats): Readable {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: false, max_record_size: 64 * 1024 });
  let line = 0;
  let headerChecked = false;
  // Lines are handed to COPY in blocks: one stream write per ~500 rows, not per row.
  let block = '';
  let inBlock = 0;
  const toCopy = new Transform({
    readableObjectMode: false,
    writableObjectMode: true,
    flush(done) {
      done(null, block || undefined);
    },
    transform(parsed: string[], _enc, done) {
      line++;
      const cells = cleanCells(parsed); // invalid rows are stored as they came: they must be storable too
      if (!headerChecked) {
        headerChecked = true;
        if (isHeaderRow(cells)) return done();
      }
      if (stats.total >= MAX_ROWS) return done(new HttpError(413, 'too_many_rows', `The CSV has more than ${MAX_ROWS.toLocaleString('en-IN')} rows; split it into several campaigns`));
      stats.total++;
      const verdict = validateRow(cells, countries);
      const raw = cells[0] ?? '';
      let out: string;
      if (verdict.ok) {
        out = [campaignId, line, raw, verdict.phone, verdict.mediaUrl, JSON.stringify(verdict.variables), stats.valid, null, 'queued'].map(copyField).join('\t');
        stats.valid++;
      } else {
        out = [campaignId, line, raw, null, cells[1] ?? null, JSON.stringify(cells.slice(2)), null, verdict.reason, 'invalid'].map(copyField).join('\t');
        stats.invalid++;
        if (stats.examples.length < MAX_EXAMPLES) stats.examples.push(`row ${line}: ${verdict.reason}`);
      }
      block += out + '\n';
      if (++inBlock < 500) return done();
      const chunk = block;
      block = '';
      inBlock = 0;
      done(null, chunk);
    },
  });
  input.on('error', (err) => toCopy.destroy(err));
  // The upload may have failed (cut short, aborted) before this reader attached: its 'error'
  // is already past, so take the cause from the stream's state instead of waiting forever.
  if (input.destroyed && !input.readableEnded) {
    const cause = input.errored ?? new HttpError(400, 'request_aborted', 'The upload ended before the file was read');
    process.nextTick(() => toCopy.destroy(cause));
  }
  parser.on('error', (err) => toCopy.destroy(new HttpError(400, 'invalid_csv', `The file is not valid CSV: ${err.message}`)));
  return input.pipe(parser).pipe(toCopy);
}
