// Builds a deterministic value that satisfies a JSON schema, standing in for
// OpenAI structured outputs (which guarantee schema-valid JSON in strict mode).
// Covers the subset OpenAI accepts: objects, arrays, strings (enum/const/format/
// pattern/length), numbers, integers, booleans, null, anyOf/oneOf/allOf, $ref.
import { isRecord } from './util.ts';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 12;

export function generateFromSchema(root: unknown): unknown {
  return gen(isRecord(root) ? root : {}, isRecord(root) ? root : {}, '', 0, 0);
}

function gen(schema: Schema, root: Schema, key: string, index: number, depth: number): unknown {
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(root, schema.$ref);
    // Recursive schemas (a tree of nodes) must bottom out somewhere.
    if (!target || depth > MAX_DEPTH) return null;
    return gen(target, root, key, index, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[index % schema.enum.length];

  // Deep inside a recursive schema, take the exits (null, empty arrays) so generation ends validly.
  const deep = depth > MAX_DEPTH / 2;
  const branches = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(branches) && branches.length > 0) {
    // Otherwise prefer a non-null branch: a null is valid but tells a test nothing.
    const isNull = (b: unknown) => isRecord(b) && b.type === 'null';
    const pick = (deep ? branches.find(isNull) : undefined) ?? branches.find((b) => !isNull(b)) ?? branches[0];
    return gen(isRecord(pick) ? pick : {}, root, key, index, depth + 1);
  }
  if (Array.isArray(schema.allOf)) return gen(mergeAllOf(schema), root, key, index, depth + 1);

  if (deep && Array.isArray(schema.type) && schema.type.includes('null')) return null;
  switch (pickType(schema)) {
    case 'object':
      return genObject(schema, root, depth);
    case 'array':
      return deep && !(typeof schema.minItems === 'number' && schema.minItems > 0) ? [] : genArray(schema, root, key, depth);
    case 'string':
      return genString(schema, key, index);
    case 'integer':
      return genNumber(schema, true, index);
    case 'number':
      return genNumber(schema, false, index);
    case 'boolean':
      return index % 2 === 0;
    case 'null':
      return null;
    default:
      return null;
  }
}

function pickType(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') ?? t[0]) as string | undefined;
  if (isRecord(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function genObject(schema: Schema, root: Schema, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = isRecord(schema.properties) ? schema.properties : {};
  // All properties, not just `required`: strict mode makes every property required anyway.
  for (const [name, sub] of Object.entries(props)) {
    out[name] = gen(isRecord(sub) ? sub : {}, root, name, 0, depth + 1);
  }
  return out;
}

function genArray(schema: Schema, root: Schema, key: string, depth: number): unknown[] {
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const n = Math.min(Math.max(min, 1), max);
  const items = isRecord(schema.items) ? schema.items : {};
  // Varying the index keeps items distinct (uniqueItems) for enums, numbers and strings.
  return Array.from({ length: n }, (_, i) => gen(items, root, key, i, depth + 1));
}

const FORMAT_VALUES: Record<string, string> = {
  email: 'lead@example.com',
  'idn-email': 'lead@example.com',
  'date-time': '2025-01-15T12:00:00Z',
  date: '2025-01-15',
  time: '12:00:00Z',
  duration: 'P1D',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '00000000-0000-4000-8000-000000000000',
};

// Tried in order against `pattern`; phone-like and code-like values cover most real schemas.
const PATTERN_CANDIDATES = ['sample', 'A', 'a', '1', '12345', '+15555550123', '15555550123', 'ABC-123', 'abc_123', 'US', 'en'];

function genString(schema: Schema, key: string, index: number): string {
  const format = typeof schema.format === 'string' ? FORMAT_VALUES[schema.format] : undefined;
  let value = format ?? (key ? `sample ${key}` : 'sample');
  if (index > 0) value = format ? variant(format, index) : `${value} ${index + 1}`;
  if (typeof schema.pattern === 'string') {
    const re = safeRegex(schema.pattern);
    if (re && !re.test(value)) value = [key, ...PATTERN_CANDIDATES].find((c) => c && re.test(c)) ?? value;
  }
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (value.length < minLength) value = value.padEnd(minLength, 'x');
  if (value.length > maxLength) value = value.slice(0, maxLength);
  return value;
}

/** Distinct-but-still-valid values for the 2nd, 3rd... array item of a formatted string. */
function variant(value: string, index: number): string {
  if (value.includes('@')) return value.replace('@', `${index + 1}@`);
  if (value === FORMAT_VALUES.uuid) return value.slice(0, -4) + index.toString(16).padStart(4, '0');
  if (value.startsWith('https://')) return `${value}${index + 1}`;
  return value;
}

function safeRegex(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

function genNumber(schema: Schema, integer: boolean, index: number): number {
  const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  const exMin = num('exclusiveMinimum');
  const exMax = num('exclusiveMaximum');
  const step = integer ? 1 : 0.5;
  let lo = num('minimum') ?? (exMin !== undefined ? exMin + step : undefined);
  const hi = num('maximum') ?? (exMax !== undefined ? exMax - step : undefined);
  if (lo === undefined) lo = hi !== undefined ? Math.min(hi, 1) : 1;
  let value = lo + index;
  const multipleOf = num('multipleOf');
  if (multipleOf) value = Math.ceil(value / multipleOf) * multipleOf;
  if (hi !== undefined && value > hi) value = multipleOf ? Math.floor(hi / multipleOf) * multipleOf : hi;
  return integer ? Math.ceil(value) : value;
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isRecord(node) ? node[part] : undefined;
  }
  return isRecord(node) ? node : undefined;
}

function mergeAllOf(schema: Schema): Schema {
  const merged: Schema = { ...schema, allOf: undefined };
  const props: Record<string, unknown> = {};
  for (const part of [schema, ...(schema.allOf as unknown[])]) {
    if (!isRecord(part)) continue;
    if (isRecord(part.properties)) Object.assign(props, part.properties);
    for (const [k, v] of Object.entries(part)) if (!(k in merged) || merged[k] === undefined) merged[k] = v;
  }
  delete merged.allOf;
  if (Object.keys(props).length > 0) merged.properties = props;
  return merged;
}
