import fc from 'fast-check';

// Hostile values, each tagged with its input class so a finding names what kind of input did it.

export interface Tagged<T = unknown> {
  cls: string;
  value: T;
}

/** Depth of the deeply nested values; the brief asks for 10,000 levels. */
export const DEEP_LEVELS = 10_000;

/**
 * JSON.stringify cannot emit 10,000 levels cheaply in every engine, so deep values travel as this
 * placeholder string and `toJsonText` splices the raw nested text in its place.
 */
const DEEP_MARK = '\u0001deep:';
export const deepValue = (kind: 'array' | 'object') => `${DEEP_MARK}${kind}`;

export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  if (!text.includes('\\u0001deep:')) return text;
  return text
    .replaceAll(`"\\u0001deep:array"`, '['.repeat(DEEP_LEVELS) + ']'.repeat(DEEP_LEVELS))
    .replaceAll(`"\\u0001deep:object"`, '{"a":'.repeat(DEEP_LEVELS) + '1' + '}'.repeat(DEEP_LEVELS));
}

const tag = <T>(cls: string, arb: fc.Arbitrary<T>): fc.Arbitrary<Tagged<T>> => arb.map((value) => ({ cls, value }));

/** Up to ~1 MB: past the 1 MB API JSON limit once quoted, and just under it. */
const hugeString = fc
  .constantFrom(10_000, 200_000, 1_000_000 - 64, 1_048_576)
  .chain((n) => fc.constantFrom('x', 'é', '😀', '0').map((c) => c.repeat(Math.ceil(n / c.length))));

const nulString = fc
  .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 3 }))
  .map(([a, b, n]) => `${a}${'\u0000'.repeat(n)}${b}`);

const surrogateString = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\ud800', '\udfff', '\udc00\ud800', '\ud83d'), fc.string({ maxLength: 20 }))
  .map(([a, s, b]) => `${a}${s}${b}`);

const weirdString = fc.oneof(
  fc.constantFrom('', ' ', '\t\n', '\u202e', '\ufeff', '%00', '%', '../../etc/passwd', "' or 1=1 --", '${jndi:x}', '<script>', '=cmd|x', '０', 'NaN', 'null', 'undefined', 'true'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const nanishString = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '0x10', '1_000', '  7  ', '1.5', '-0', '9'.repeat(400), '');

const badNumber = fc.oneof(
  fc.constantFrom(-1, -0, 0, 0.5, -0.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 53) - 1, 2 ** 31, 2 ** 63, 1e21, Number.MIN_VALUE, Number.EPSILON),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -(2 ** 31), max: -1 }),
);

/** A literal NaN/Infinity cannot pass through JSON; these reach the server as their closest JSON. */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
);

const hugeArray = fc.constantFrom(10_000, 100_000).map((n) => Array.from({ length: n }, (_, i) => i));

/** Any hostile JSON value, tagged. */
export const hostileValue: fc.Arbitrary<Tagged> = fc.oneof(
  { weight: 3, arbitrary: tag('huge-string', hugeString) },
  { weight: 4, arbitrary: tag('nul-string', nulString) },
  { weight: 4, arbitrary: tag('surrogate-string', surrogateString) },
  { weight: 3, arbitrary: tag('weird-string', weirdString) },
  { weight: 3, arbitrary: tag('nanish-string', nanishString) },
  { weight: 4, arbitrary: tag('bad-number', badNumber) },
  { weight: 5, arbitrary: tag('wrong-type', wrongType) },
  { weight: 1, arbitrary: tag('huge-array', hugeArray) },
  { weight: 2, arbitrary: tag('deep-nesting', fc.constantFrom(deepValue('array'), deepValue('object'))) },
  { weight: 3, arbitrary: tag('random-json', fc.jsonValue({ maxDepth: 3 })) },
);

/** Hostile strings only, for places that are always strings (path segments, query values, form fields). */
export const hostileText: fc.Arbitrary<Tagged<string>> = fc.oneof(
  { weight: 1, arbitrary: tag('huge-string', fc.constantFrom(10_000, 100_000).map((n) => 'a'.repeat(n))) },
  { weight: 3, arbitrary: tag('nul-string', nulString) },
  { weight: 3, arbitrary: tag('surrogate-string', surrogateString) },
  { weight: 4, arbitrary: tag('weird-string', weirdString) },
  { weight: 3, arbitrary: tag('nanish-string', nanishString) },
  { weight: 2, arbitrary: tag('bad-number', badNumber.map(String)) },
);

/** Ids that are not UUIDs, or are UUID-shaped edge cases. */
export const badId: fc.Arbitrary<Tagged<string>> = fc.oneof(
  tag(
    'non-uuid-id',
    fc.constantFrom(
      '-'.repeat(36),
      '0',
      '-1',
      'null',
      'undefined',
      '00000000-0000-0000-0000-00000000000',
      '00000000-0000-0000-0000-0000000000000',
      'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
      '{00000000-0000-0000-0000-000000000000}',
      '00000000000000000000000000000000',
      "1' or '1'='1",
      '1;drop table users',
    ),
  ),
  tag('uuid-edge-id', fc.uuid().map((u) => u.toUpperCase())),
  tag('uuid-edge-id', fc.uuid().map((u) => ` ${u}`)),
  tag('uuid-edge-id', fc.uuid().map((u) => `${u}x`)),
  tag('uuid-edge-id', fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff')),
  hostileText,
);

/** Raw bytes spliced into URLs as they are: malformed percent escapes and encoded separators. */
export const rawUrlJunk = fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%ff%fe', '%00', '%2F..%2F', '%C0%AE', '%u0041', '%ED%A0%80');
