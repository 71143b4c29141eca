import fc from 'fast-check';
import { gzipSync, deflateSync } from 'node:zlib';
import { toJsonText } from './hostile.ts';

// How a generated value travels: the exact bytes and headers of a request body, good or broken.

export interface Payload {
  cls: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export const jsonPayload = (value: unknown, cls: string): Payload => ({
  cls,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(toJsonText(value), 'utf8'),
});

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate becomes U+FFFD, as any client would send it). */
export function percentEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const MALFORMED: Array<string | Buffer> = [
  '',
  ' ',
  '{',
  '{"a":',
  ']',
  '{"a":1,}',
  "{'a':1}",
  'NaN',
  'null',
  '"text"',
  '12',
  '1e99999',
  '{"a":01}',
  '{"a":1}garbage',
  '{"a":"\u0000"}',
  '{"a":"\\ud800"}',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '[' + '['.repeat(100_000),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]),
  Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
];

/** Bodies that are not JSON although they say so, or are cut short. */
export function malformedJson(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Payload> {
  return fc.oneof(
    fc.constantFrom(...MALFORMED).map((b) => ({ cls: 'malformed-json', headers: { 'content-type': 'application/json' }, body: Buffer.from(b) })),
    fc.tuple(valid, fc.nat()).map(([v, n]) => {
      const text = toJsonText(v);
      return { cls: 'truncated-json', headers: { 'content-type': 'application/json' }, body: Buffer.from(text.slice(0, n % Math.max(text.length, 1))) };
    }),
  );
}

const CONTENT_TYPES = [
  null,
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense-charset',
  'application/json; charset=',
  'application/json;;;',
  'application/json, text/html',
  'application/vnd.api+json',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  'json',
  'application/json; boundary=--',
];

/** A plausible body under the wrong or a broken content type. */
export function wrongContentType(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Payload> {
  return fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES), fc.boolean()).map(([v, type, asForm]): Payload => {
    const body = asForm && type === 'application/x-www-form-urlencoded' ? 'a=1&b[c]=2&__proto__[x]=1&d=%00' : toJsonText(v);
    return { cls: `content-type:${type ?? 'none'}`, headers: type === null ? {} : { 'content-type': type }, body: Buffer.from(body) };
  });
}

/** Content-Encoding that lies about the bytes, or decompresses to more than the limit. */
export function badEncoding(valid: fc.Arbitrary<unknown>, limitBytes = 1_048_576): fc.Arbitrary<Payload> {
  const json = { 'content-type': 'application/json' };
  return fc.oneof(
    fc.tuple(fc.constantFrom('gzip', 'deflate', 'br', 'x-gzip'), fc.uint8Array({ minLength: 0, maxLength: 64 })).map(([enc, bytes]) => ({
      cls: `encoding:${enc}-garbage`,
      headers: { ...json, 'content-encoding': enc },
      body: Buffer.concat([enc === 'gzip' || enc === 'x-gzip' ? Buffer.from([0x1f, 0x8b, 0x08, 0x00]) : Buffer.alloc(0), Buffer.from(bytes)]),
    })),
    fc.tuple(valid, fc.constantFrom('compress', 'x-unknown', 'gzip, gzip', 'identity, gzip', 'GZIP', 'deflate, br', ' ')).map(([v, enc]) => ({
      cls: `encoding:${enc.trim() || 'blank'}`,
      headers: { ...json, 'content-encoding': enc },
      body: enc.toLowerCase().includes('gzip') ? gzipSync(toJsonText(v)) : Buffer.from(toJsonText(v)),
    })),
    valid.map((v) => {
      const whole = gzipSync(toJsonText(v));
      return { cls: 'encoding:gzip-truncated', headers: { ...json, 'content-encoding': 'gzip' }, body: whole.subarray(0, Math.max(10, whole.length >> 1)) };
    }),
    valid.map((v) => ({ cls: 'encoding:deflate-valid', headers: { ...json, 'content-encoding': 'deflate' }, body: deflateSync(toJsonText(v)) })),
    fc.constant(0).map(() => ({ cls: 'encoding:gzip-bomb', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipBomb(limitBytes * 8) })),
  );
}

let bomb: Buffer | null = null;
function gzipBomb(inflatedBytes: number): Buffer {
  bomb ??= gzipSync(Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(inflatedBytes, 0x61), Buffer.from('"}')]));
  return bomb;
}

/** Everything that can go wrong with a JSON body's transport. */
export function transportPayload(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Payload> {
  return fc.oneof({ weight: 3, arbitrary: malformedJson(valid) }, { weight: 2, arbitrary: wrongContentType(valid) }, { weight: 2, arbitrary: badEncoding(valid) });
}
