import { parse } from 'csv-parse';
import { Readable, Transform } from 'node:stream';
import { HttpError } from '../http/errors.ts';
import { mapHeader, POSITIONAL_MAP, type ColumnMap } from './csv-header.ts';
import { cleanCells, validateRow, type RowRules, type RowVerdict } from './csv-row.ts';
import { decodeWindows1252, refuseNonText, sniffDelimiter, sniffEncoding, toUtf8, type CsvEncoding, type Delimiter } from './csv-sniff.ts';

// Streams an uploaded CSV into COPY rows for campaign_contacts without holding the file: sniff
// the first bytes (encoding, delimiter), re-encode as UTF-8, parse, map the columns by the
// header, validate, emit one tab-separated line per row (valid or not). Counting happens on the way.

export const MAX_ROWS = 100_000;
/** Enough lines to see the delimiter and, usually, the first non-ASCII byte. */
const HEAD_BYTES = 64 * 1024;

export interface IngestStats {
  total: number;
  valid: number;
  invalid: number;
  /** The first few invalid rows as "row N: reason", to explain a file with no valid row. */
  examples: string[];
}

export interface CsvFormat {
  /** Settled by the first non-ASCII bytes; a file that is ASCII throughout is utf-8. */
  encoding: CsvEncoding;
  delimiter: Delimiter;
}

export interface CsvSource {
  format: CsvFormat;
  /** Parsed records (string[] each), from the first line. */
  records: Readable;
}

/** Reads the first bytes to learn the format, then parses the whole stream from its start. */
export async function openCsv(input: Readable): Promise<CsvSource> {
  const it = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < HEAD_BYTES) {
      const next = await it.next();
      if (next.done) {
        ended = true;
        break;
      }
      chunks.push(next.value);
      size += next.value.length;
    }
  } catch (err) {
    throw err instanceof HttpError ? err : new HttpError(400, 'request_aborted', 'The upload ended before the file was read');
  }
  const head = Buffer.concat(chunks);
  const guess = sniffEncoding(head);
  refuseNonText(head, guess);
  // Only the delimiter is sniffed from this text: ASCII, the same in UTF-8 and Windows-1252.
  const body = head.subarray(guess.bomLength);
  const headText = guess.encoding.startsWith('utf-16') ? new TextDecoder(guess.encoding).decode(body) : decodeWindows1252(body);
  const format: CsvFormat = { encoding: guess.encoding, delimiter: sniffDelimiter(headText) };

  async function* whole() {
    yield head;
    while (!ended) {
      const next = await it.next();
      if (next.done) break;
      yield next.value as Buffer;
    }
  }
  const bytes = Readable.from(whole(), { objectMode: false });
  const utf8 = toUtf8(guess, (encoding) => (format.encoding = encoding));
  const records = parse({ delimiter: format.delimiter, relax_column_count: true, skip_empty_lines: true, info: false, max_record_size: 64 * 1024 });
  bytes.on('error', (err) => records.destroy(err instanceof HttpError ? err : new HttpError(400, 'request_aborted', 'The upload ended before the file was read')));
  utf8.on('error', (err) => records.destroy(err));
  bytes.pipe(utf8).pipe(records);
  return { format, records };
}

export interface JudgedRow {
  line: number;
  cells: string[];
  verdict: RowVerdict;
}

/** Turns records into verdicts: the first record may be a header, which sets the column map. */
export function rowJudge(rules: RowRules) {
  let line = 0;
  let mapped: RowRules & { map: ColumnMap } | null = null;
  return {
    columns: () => mapped?.map ?? POSITIONAL_MAP,
    judge(parsed: string[]): JudgedRow | null {
      line++;
      const cells = cleanCells(parsed); // invalid rows are stored as they came: they must be storable too
      if (!mapped) {
        const map = mapHeader(cells) ?? POSITIONAL_MAP;
        if (map.header && map.phone < 0) {
          throw new HttpError(422, 'no_phone_column', `The header row names no phone column (${map.labels.filter(Boolean).slice(0, 8).join(', ')}); name it Phone, Mobile, WhatsApp or Phone 1 - Value, or remove the header row`);
        }
        mapped = { ...rules, map };
        if (map.header) return null;
      }
      return { line, cells, verdict: validateRow(cells, mapped) };
    },
  };
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
export const COPY_COLUMNS = '(campaign_id, row_number, raw_phone, phone, media_url, variables, named_variables, valid_index, invalid_reason, status)';

export function csvToCopyRows(source: CsvSource, campaignId: string, rules: RowRules, stats: IngestStats): Readable {
  const judge = rowJudge(rules);
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
      let row: JudgedRow | null;
      try {
        row = judge.judge(parsed);
      } catch (err) {
        return done(err as Error);
      }
      if (!row) return done();
      if (stats.total >= MAX_ROWS) return done(new HttpError(413, 'too_many_rows', `The CSV has more than ${MAX_ROWS.toLocaleString('en-IN')} rows; split it into several campaigns`));
      stats.total++;
      const { line, cells, verdict } = row;
      const map = judge.columns();
      const raw = cells[map.phone] ?? '';
      let out: string;
      if (verdict.ok) {
        const named = verdict.named ? JSON.stringify(verdict.named) : null;
        out = [campaignId, line, raw, verdict.phone, verdict.mediaUrl, JSON.stringify(verdict.variables), named, stats.valid, null, 'queued'].map(copyField).join('\t');
        stats.valid++;
      } else {
        const others = cells.filter((_, i) => i !== map.phone && i !== map.media);
        out = [campaignId, line, raw, null, map.media === null ? null : (cells[map.media] ?? null), JSON.stringify(others), null, null, verdict.reason, 'invalid'].map(copyField).join('\t');
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
  source.records.on('error', (err) => toCopy.destroy(err instanceof HttpError ? err : new HttpError(400, 'invalid_csv', `The file is not valid CSV: ${err.message}`)));
  return source.records.pipe(toCopy);
}
