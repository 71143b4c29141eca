import { isAscii, isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { HttpError } from '../http/errors.ts';

// Which bytes a spreadsheet wrote: Excel "CSV UTF-8" (BOM), Excel "CSV" (the Windows code page,
// 1252 in Western Europe and India), Excel "Unicode text" (UTF-16 LE with BOM, tab separated),
// Google Sheets (UTF-8, no BOM). The sniffing is pure; the transform below re-encodes everything
// as UTF-8 for csv-parse while streaming, so a 50 MB file is never held.

export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
export type Delimiter = ',' | ';' | '\t';

export interface EncodingGuess {
  encoding: CsvEncoding;
  bomLength: number;
  /** Without a BOM, a file that is ASCII so far may still turn out to be Windows-1252 further on. */
  settled: boolean;
}

/** From the first bytes: a BOM, else UTF-16 by its NUL pattern, else UTF-8 if they decode as UTF-8, else Windows-1252. */
export function sniffEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, settled: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, settled: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, settled: true };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bomLength: 0, settled: true };
  const body = head.subarray(0, head.length - incompleteUtf8Tail(head));
  if (isAscii(body)) return { encoding: 'utf-8', bomLength: 0, settled: false };
  return { encoding: isUtf8(body) ? 'utf-8' : 'windows-1252', bomLength: 0, settled: true };
}

/** ASCII text in UTF-16 has a NUL in every other byte: the odd ones for LE, the even ones for BE. */
function utf16WithoutBom(head: Uint8Array): CsvEncoding | null {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd > half * 0.6 && even === 0) return 'utf-16le';
  if (even > half * 0.6 && odd === 0) return 'utf-16be';
  return null;
}

/** How many bytes at the end start a UTF-8 sequence that the next chunk completes (0-3). */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for its lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * The delimiter that splits the first lines most consistently (the same count on most lines),
 * ignoring quoted text. A one-column file has none of them: comma, the documented default.
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = firstLines(text, 20);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t'] as const) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const tally = new Map<number, number>();
    for (const c of counts) if (c > 0) tally.set(c, (tally.get(c) ?? 0) + 1);
    // Lines agreeing on one count, then more columns: "a;b;c" lines beat a stray comma in a note.
    for (const [count, lines] of tally) {
      const score = lines * 1000 + count;
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
    }
  }
  return best;
}

function firstLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      const line = text.slice(start, i).replace(/\r$/, '');
      if (line.trim()) lines.push(line);
      start = i + 1;
    }
  }
  // The last line may be cut by the end of the sniffed bytes; counted only when it is all there is.
  if (!lines.length && text.slice(start).trim()) lines.push(text.slice(start));
  return lines;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

const MAGIC: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
];

/** Control bytes other than tab, line feed, form feed and carriage return: none in text, about one in eight in binary. */
function controlShare(head: Uint8Array): number {
  const n = Math.min(head.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) control++;
  }
  return n ? control / n : 0;
}

/** Files people pick by mistake, named so the answer says what to do instead. */
export function refuseNonText(head: Uint8Array, guess: EncodingGuess): void {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new HttpError(415, 'not_csv', 'This is an Excel workbook (.xlsx) or another zip file: in Excel use File > Save As > "CSV UTF-8", then upload that');
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new HttpError(415, 'not_csv', 'This is an old Excel workbook (.xls): in Excel use File > Save As > "CSV UTF-8", then upload that');
  }
  for (const [magic, kind] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) throw new HttpError(415, 'not_csv', `This is ${kind}, not a CSV`);
  }
  if (!guess.encoding.startsWith('utf-16') && controlShare(head) > 0.1) throw new HttpError(415, 'not_csv', 'The file is not text (it is mostly binary bytes): upload a CSV');
}

// Windows-1252 is Latin-1 except for 0x80-0x9F, where it has € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ.
// Node 20's TextDecoder decodes the 'windows-1252' label as plain Latin-1 (€ becomes U+0080), so
// the difference is mapped here.
const CP1252_80_9F = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009F]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
}

/** The streaming decoders: UTF-16 through TextDecoder, Windows-1252 byte by byte (no state). */
function decoderFor(encoding: CsvEncoding): { decode(bytes?: Uint8Array, opts?: { stream: boolean }): string } | null {
  if (encoding === 'utf-8') return null;
  if (encoding === 'windows-1252') return { decode: (bytes) => (bytes ? decodeWindows1252(bytes) : '') };
  return new TextDecoder(encoding);
}

/**
 * Bytes in, UTF-8 bytes out (BOM removed). UTF-8 passes through untouched, the fast path. A
 * file without BOM that is ASCII so far stays undecided: its first non-ASCII bytes settle it
 * (valid UTF-8, else Windows-1252), and everything before them reads the same either way.
 * `onSettled` reports the encoding once known (at the latest at the end).
 */
export function toUtf8(guess: EncodingGuess, onSettled: (encoding: CsvEncoding) => void): Transform {
  let encoding = guess.encoding;
  let settled = guess.settled;
  let skip = guess.bomLength;
  let carry: Buffer | null = null; // undecided: the start of a multi-byte sequence cut by the chunk end
  let decoder = settled ? decoderFor(encoding) : null;
  if (settled) onSettled(encoding);
  const settle = (to: CsvEncoding) => {
    settled = true;
    encoding = to;
    decoder = decoderFor(to);
    onSettled(to);
  };
  const convert = (bytes: Buffer): Buffer => (decoder ? Buffer.from(decoder.decode(bytes, { stream: true })) : bytes);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (skip) {
        const cut = Math.min(skip, chunk.length);
        chunk = chunk.subarray(cut);
        skip -= cut;
      }
      if (carry) {
        chunk = Buffer.concat([carry, chunk]);
        carry = null;
      }
      if (settled) return done(null, convert(chunk));
      if (isAscii(chunk)) return done(null, chunk);
      const tail = incompleteUtf8Tail(chunk);
      const body = chunk.subarray(0, chunk.length - tail);
      if (isAscii(body)) {
        carry = chunk.subarray(body.length);
        return done(null, body);
      }
      settle(isUtf8(body) ? 'utf-8' : 'windows-1252');
      done(null, convert(chunk));
    },
    flush(done) {
      if (!settled) settle(carry ? 'windows-1252' : 'utf-8'); // a sequence the file never completed is not UTF-8
      const rest = carry ? convert(carry) : Buffer.alloc(0);
      const end = decoder ? Buffer.from(decoder.decode()) : Buffer.alloc(0);
      done(null, rest.length + end.length ? Buffer.concat([rest, end]) : undefined);
    },
  });
}
