import fc from 'fast-check';
import { toJsonText } from './hostile.ts';
import type { Payload } from './encode.ts';

// Broken multipart/form-data uploads: the text fields come from the operation's schema (mutated),
// the structure is damaged in the ways real clients and attackers damage it.

export interface MultipartPayload extends Payload {
  /** Send this many bytes of the body, then drop the connection (a client that gives up mid-upload). */
  abortAfter?: number;
}

const CSV_FILES = [
  'phone,name\n919876543210,Asha\n919876543211,Ravi\n',
  'phone\n',
  '',
  'phone,name\n919876543210,"unterminated\n',
  'phone,name\n\u0000\u0000,\ud800\n',
  '\ufeffphone;name\r\n+91 98765 43210;A\r\n',
  'a,'.repeat(5000) + '\n',
  'phone,name\n' + '919876543210,x\n'.repeat(2000),
];

const STRUCTURES = [
  'complete',
  'complete',
  'truncated-no-closing',
  'truncated-mid-part',
  'truncated-in-headers',
  'no-boundary',
  'wrong-boundary',
  'file-first',
  'no-file',
  'huge-field',
  'many-fields',
  'part-without-name',
  'garbage',
  'empty',
  'abort-mid-upload',
  'abort-mid-upload',
  'bad-part-headers',
] as const;

const fieldText = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : toJsonText(x))) : [typeof v === 'string' ? v : toJsonText(v)];

type Structure = (typeof STRUCTURES)[number];

export function multipartPayload(fields: fc.Arbitrary<{ cls: string; value: unknown }>, structures: readonly Structure[] = STRUCTURES): fc.Arbitrary<MultipartPayload> {
  return fc
    .record({ fields, structure: fc.constantFrom(...structures), file: fc.oneof(fc.constantFrom(...CSV_FILES), fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString('latin1'))), cut: fc.nat() })
    .map(({ fields: f, structure, file, cut }) => build(f.cls, f.value, structure, file, cut));
}

function build(fieldsCls: string, value: unknown, structure: Structure, file: string, cut: number): MultipartPayload {
  const boundary = '----parleyfuzz' + (cut % 1e9).toString(36);
  const entries: Array<[string, string]> = [];
  if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) for (const t of fieldText(v)) entries.push([k, t]);
  else entries.push(['name', fieldText(value)[0] ?? '']);
  const field = (name: string | null, text: string) =>
    `--${boundary}\r\n` + `Content-Disposition: form-data${name === null ? '' : `; name="${name}"`}\r\n\r\n${text}\r\n`;
  const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contacts.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n`;
  const close = `--${boundary}--\r\n`;
  const fieldsText = entries.map(([k, v]) => field(k, v)).join('');
  let body = fieldsText + filePart + close;
  let type = `multipart/form-data; boundary=${boundary}`;
  let abortAfter: number | undefined;
  switch (structure) {
    case 'truncated-no-closing':
      body = fieldsText + filePart;
      break;
    case 'truncated-mid-part':
      body = fieldsText + filePart.slice(0, filePart.length - 2 - (cut % Math.max(file.length, 1)));
      break;
    case 'truncated-in-headers':
      body = fieldsText + `--${boundary}\r\nContent-Disposition: form-data; name="fi`;
      break;
    case 'no-boundary':
      type = 'multipart/form-data';
      break;
    case 'wrong-boundary':
      type = 'multipart/form-data; boundary=not-the-boundary';
      break;
    case 'file-first':
      body = filePart + fieldsText + close;
      break;
    case 'no-file':
      body = fieldsText + close;
      break;
    case 'huge-field':
      body = field('name', 'n'.repeat(70 * 1024)) + fieldsText + filePart + close;
      break;
    case 'many-fields':
      body = Array.from({ length: 60 }, (_, i) => field(`f${i}`, 'x')).join('') + fieldsText + filePart + close;
      break;
    case 'part-without-name':
      body = field(null, 'orphan') + fieldsText + filePart + close;
      break;
    case 'garbage':
      body = `--${boundary}\r\n\u0000\u0000garbage\r\n\r\n--${boundary}`;
      break;
    case 'empty':
      body = '';
      break;
    case 'abort-mid-upload':
      body = fieldsText + filePart + 'phone,name\n' + '919876543210,x\n'.repeat(5000) + close;
      abortAfter = Math.max(1, Math.floor(Buffer.byteLength(body) * (0.3 + (cut % 60) / 100)));
      break;
    case 'bad-part-headers':
      body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%ff%fe\r\nContent-Transfer-Encoding: base64\r\nContent-Type: \r\n\r\n${file}\r\n` + close;
      break;
  }
  return { cls: `multipart:${structure}:${fieldsCls}`, headers: { 'content-type': type }, body: Buffer.from(body, 'utf8'), abortAfter };
}
