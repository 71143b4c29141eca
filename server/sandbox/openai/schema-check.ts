// Tiny JSON-schema validator for tests: the structured-output subset OpenAI
// accepts, written independently of schema-gen.ts so the tests check it.
type Schema = Record<string, unknown>;

const FORMATS: Record<string, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uri: /^[a-z][a-z0-9+.-]*:\S+$/i,
};

/** Returns the violations found ([] means valid). */
export function validate(schema: unknown, value: unknown, root: unknown = schema, at = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Schema;
  if (typeof s.$ref === 'string') return validate(resolve(root, s.$ref), value, root, at);
  const errors: string[] = [];
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) errors.push(`${at}: expected const ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${at}: not in enum`);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches) && !branches.some((b) => validate(b, value, root, at).length === 0)) errors.push(`${at}: matches no ${key} branch`);
  }
  if (Array.isArray(s.allOf)) for (const b of s.allOf) errors.push(...validate(b, value, root, at));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(String(t), value))) {
      errors.push(`${at}: expected ${types.join('|')}, got ${JSON.stringify(value)}`);
      return errors;
    }
  }
  if (typeof value === 'string') checkString(s, value, at, errors);
  if (typeof value === 'number') checkNumber(s, value, at, errors);
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(`${at}: more than ${s.maxItems} items`);
    value.forEach((v, i) => errors.push(...validate(s.items, v, root, `${at}[${i}]`)));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, unknown>;
    for (const r of Array.isArray(s.required) ? s.required : []) if (!(String(r) in obj)) errors.push(`${at}: missing ${String(r)}`);
    for (const [k, v] of Object.entries(obj)) {
      if (k in props) errors.push(...validate(props[k], v, root, `${at}.${k}`));
      else if (s.additionalProperties === false) errors.push(`${at}: unexpected property ${k}`);
    }
  }
  return errors;
}

function typeMatches(t: string, v: unknown): boolean {
  if (t === 'integer') return Number.isInteger(v);
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  if (t === 'null') return v === null;
  if (t === 'array') return Array.isArray(v);
  if (t === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v);
  return typeof v === t;
}

function checkString(s: Schema, v: string, at: string, errors: string[]): void {
  if (typeof s.minLength === 'number' && v.length < s.minLength) errors.push(`${at}: shorter than ${s.minLength}`);
  if (typeof s.maxLength === 'number' && v.length > s.maxLength) errors.push(`${at}: longer than ${s.maxLength}`);
  if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errors.push(`${at}: does not match ${s.pattern}`);
  const re = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
  if (re && !re.test(v)) errors.push(`${at}: not a valid ${String(s.format)}`);
}

function checkNumber(s: Schema, v: number, at: string, errors: string[]): void {
  if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${at}: below minimum`);
  if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${at}: above maximum`);
  if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) errors.push(`${at}: not above exclusiveMinimum`);
  if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) errors.push(`${at}: not below exclusiveMaximum`);
  if (typeof s.multipleOf === 'number' && Math.abs(v / s.multipleOf - Math.round(v / s.multipleOf)) > 1e-9) errors.push(`${at}: not a multiple of ${s.multipleOf}`);
}

function resolve(root: unknown, ref: string): unknown {
  return ref
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Schema)[part] : undefined), root);
}
