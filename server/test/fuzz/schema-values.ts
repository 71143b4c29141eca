import fc from 'fast-check';
import { hostileValue, type Tagged } from './hostile.ts';

/** The part of JSON Schema that zod's toJSONSchema emits for our request schemas. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** What generated values may point at: real ids from the running app, and URLs that answer. */
export interface Known {
  ids: string[];
  /** Valid URLs lead to a local stub, so a stored URL never sends the app to the internet. */
  urls: string[];
}

/**
 * A value the schema accepts (as far as the generator can tell). Bad inputs are made by mutating
 * one of these, so most of a request is plausible and the bad part reaches the code behind the
 * first check.
 */
export function validValue(schema: JsonSchema | undefined, known: Known): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object') return fc.jsonValue({ maxDepth: 2 });
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((s) => validValue(s, known)));
  if (schema.allOf?.length) return validValue(schema.allOf[0], known);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectValue(schema, known);
    case 'array':
      return fc.array(validValue(schema.items, known), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)) });
    case 'string':
      return stringValue(schema, known);
    case 'integer':
      return fc.integer({ min: lowerBound(schema, -1000, 1), max: upperBound(schema, 1000, 1) });
    case 'number':
      return fc.double({ min: lowerBound(schema, -1000, 0), max: upperBound(schema, 1000, 0), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return schema.properties ? objectValue(schema, known) : fc.jsonValue({ maxDepth: 2 });
  }
}

function objectValue(schema: JsonSchema, known: Known): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, s] of Object.entries(props)) model[name] = validValue(s, known);
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
}

const lowerBound = (s: JsonSchema, fallback: number, step: number) =>
  s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + step : Math.max(fallback, Number.MIN_SAFE_INTEGER));
const upperBound = (s: JsonSchema, fallback: number, step: number) =>
  Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - step : fallback), Number.MAX_SAFE_INTEGER);

function stringValue(schema: JsonSchema, known: Known): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 40);
  const fit = (s: string) => (s.length > max ? s.slice(0, max) : s.padEnd(min, 'a'));
  switch (schema.format) {
    case 'uuid':
      return known.ids.length ? fc.oneof(fc.constantFrom(...known.ids), fc.uuid()) : fc.uuid();
    case 'email':
      return fc.constantFrom('admin@example.com', 'someone@example.org', 'a.b+c@sub.example.co');
    case 'date-time':
      return fc.oneof(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
        patternValue(schema.pattern, fit),
      );
    case 'date':
      return fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), patternValue(schema.pattern, fit));
    case 'uri':
    case 'url':
      return fc.constantFrom(...known.urls);
  }
  if (schema.pattern) return patternValue(schema.pattern, fit);
  return fc.string({ minLength: min, maxLength: Math.min(max, 40) }).map(fit);
}

function patternValue(pattern: string | undefined, fit: (s: string) => string): fc.Arbitrary<string> {
  if (!pattern) return fc.string({ maxLength: 20 }).map(fit);
  try {
    return fc.stringMatching(new RegExp(pattern)).map(fit);
  } catch {
    return fc.string({ maxLength: 20 }).map(fit);
  }
}

type Path = Array<string | number>;

function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => (out.push([...prefix, i]), allPaths(v, [...prefix, i], out)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k]), allPaths(v, [...prefix, k], out);
  return out;
}

const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function parentOf(root: unknown, path: Path): { parent: Record<string | number, unknown>; key: string | number } {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  return { parent: node, key: path[path.length - 1]! };
}

const EXTRA_KEYS = ['extra', '__proto__', 'constructor', 'toString', 'id', 'workspaceId', 'workspace_id', 'role', '', 'k'.repeat(1000)];

/**
 * One mutation of a valid value: a field replaced by a hostile value, a field dropped, a field
 * added, the whole value replaced, or (rarely) left valid. Deterministic given its inputs.
 */
export function mutated(validArb: fc.Arbitrary<unknown>): fc.Arbitrary<Tagged> {
  return fc
    .record({
      valid: validArb,
      pick: fc.nat(),
      hostile: hostileValue,
      kind: fc.oneof(
        { weight: 8, arbitrary: fc.constant('replace' as const) },
        { weight: 2, arbitrary: fc.constant('drop' as const) },
        { weight: 2, arbitrary: fc.constant('extra' as const) },
        { weight: 2, arbitrary: fc.constant('whole' as const) },
        { weight: 1, arbitrary: fc.constant('valid' as const) },
      ),
    })
    .map(({ valid, pick, hostile, kind }) => mutate(valid, kind, pick, hostile));
}

export function mutate(valid: unknown, kind: 'replace' | 'drop' | 'extra' | 'whole' | 'valid', pick: number, hostile: Tagged): Tagged {
  const root = clone(valid);
  const paths = allPaths(root);
  if (kind === 'valid') return { cls: 'schema-valid', value: root };
  if (kind === 'whole' || (kind !== 'extra' && paths.length === 0)) return { cls: `body:${hostile.cls}`, value: hostile.value };
  if (kind === 'extra') {
    const objects = [[], ...paths].filter((p) => isObject(get(root, p)));
    if (!objects.length) return { cls: `body:${hostile.cls}`, value: hostile.value };
    const target = get(root, objects[pick % objects.length]!) as Record<string, unknown>;
    Object.defineProperty(target, EXTRA_KEYS[pick % EXTRA_KEYS.length]!, { value: hostile.value, enumerable: true, configurable: true, writable: true });
    return { cls: `extra-field:${hostile.cls}`, value: root };
  }
  const path = paths[pick % paths.length]!;
  const { parent, key } = parentOf(root, path);
  if (kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return { cls: 'missing-field', value: root };
  }
  parent[key] = hostile.value;
  return { cls: `field:${hostile.cls}`, value: root };
}

const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
function get(root: unknown, path: Path): unknown {
  let node = root as Record<string | number, unknown>;
  for (const k of path) node = node?.[k] as Record<string | number, unknown>;
  return node;
}
