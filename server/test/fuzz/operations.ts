import fc from 'fast-check';
import { badId, hostileText, rawUrlJunk, type Tagged } from './hostile.ts';
import { jsonPayload, percentEncode, transportPayload, type Payload } from './encode.ts';
import { multipartPayload, type MultipartPayload } from './multipart.ts';
import { mutated, validValue, type JsonSchema, type Known } from './schema-values.ts';

/** One operation of /api/openapi.json, as far as the fuzzer needs it. */
export interface Operation {
  key: string; // "POST /api/rules/{id}"
  method: string;
  path: string;
  auth: boolean;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  json?: JsonSchema;
  multipart?: JsonSchema;
}

/** One request to send, and the input class it exercises (what a finding is grouped by). */
export interface FuzzCase {
  op: string;
  cls: string;
  method: string;
  url: string; // path + query, already encoded
  headers: Record<string, string>;
  body?: Buffer;
  abortAfter?: number;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
}

export function readOperations(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        auth: !(Array.isArray(op.security) && op.security.length === 0),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required, schema: p.schema })),
        json: content['application/json']?.schema,
        multipart: content['multipart/form-data']?.schema,
      });
    }
  }
  return ops;
}

/** What the generator may use from the running app. */
export interface FuzzContext {
  token: string;
  /** Real resource ids seen in list answers (never used for DELETE, so the fixtures survive). */
  ids: string[];
  /** URLs of a local upstream stub, for fields that take a URL. */
  urls: string[];
  /** Authorization headers that must not get in: none, garbage, forged or odd JWTs. */
  badAuth: Array<Tagged<string | null>>;
}

type Focus = 'body' | 'transport' | 'path' | 'query' | 'auth';

/** Requests for one operation: every part valid-looking except one, the focus, which is hostile. */
export function caseArbitrary(op: Operation, fx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const ids = op.method === 'DELETE' ? [] : fx.ids;
  const known: Known = { ids, urls: fx.urls };
  const bodySchemaValid = op.json ? validValue(op.json, known) : op.multipart ? validValue(op.multipart, known) : fc.jsonValue({ maxDepth: 2 });
  const focuses: Array<{ weight: number; arbitrary: fc.Arbitrary<Focus> }> = [
    { weight: op.json || op.multipart ? 6 : 1, arbitrary: fc.constant('body') },
    { weight: 2, arbitrary: fc.constant('transport') },
    { weight: 1, arbitrary: fc.constant('auth') },
  ];
  if (op.pathParams.length) focuses.push({ weight: 4, arbitrary: fc.constant('path') });
  if (op.query.length) focuses.push({ weight: 4, arbitrary: fc.constant('query') });

  return fc
    .record({
      focus: fc.oneof(...focuses),
      path: pathArb(op, ids),
      badPath: badPathArb(op),
      query: queryArb(op, known, false),
      badQuery: queryArb(op, known, true),
      body: bodyArb(op, bodySchemaValid, false),
      badBody: bodyArb(op, bodySchemaValid, true),
      transport: transportPayload(bodySchemaValid),
      badAuth: fc.constantFrom(...fx.badAuth),
    })
    .map((r) => {
      const path = r.focus === 'path' ? r.badPath : r.path;
      const query = r.focus === 'query' ? r.badQuery : r.query;
      const body: MultipartPayload | Payload = r.focus === 'body' ? r.badBody : r.focus === 'transport' ? r.transport : r.body;
      const auth = r.focus === 'auth' ? r.badAuth : { cls: '', value: `Bearer ${fx.token}` };
      const cls = r.focus === 'path' ? path.cls : r.focus === 'query' ? query.cls : r.focus === 'auth' ? auth.cls : body.cls;
      const headers: Record<string, string> = { ...body.headers };
      if (auth.value !== null) headers.authorization = auth.value;
      return { op: op.key, cls: `${r.focus}:${cls}`, method: op.method, url: path.value + query.value, headers, body: body.body, abortAfter: (body as MultipartPayload).abortAfter };
    });
}

function fillPath(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
}

function pathArb(op: Operation, ids: string[]): fc.Arbitrary<Tagged<string>> {
  const id = ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
  return fc.array(id, { minLength: op.pathParams.length, maxLength: op.pathParams.length }).map((vals) => ({
    cls: 'valid',
    value: fillPath(op, Object.fromEntries(op.pathParams.map((p, i) => [p, vals[i]!]))),
  }));
}

function badPathArb(op: Operation): fc.Arbitrary<Tagged<string>> {
  if (!op.pathParams.length) return fc.constant({ cls: 'none', value: op.path });
  return fc.tuple(fc.oneof({ weight: 4, arbitrary: badId.map((t) => ({ cls: t.cls, raw: percentEncode(t.value) })) }, { weight: 1, arbitrary: rawUrlJunk.map((j) => ({ cls: 'malformed-percent-encoding', raw: j })) }), fc.uuid()).map(([bad, good]) => ({
    cls: bad.cls,
    value: fillPath(op, Object.fromEntries(op.pathParams.map((p, i) => [p, i === 0 ? bad.raw : good]))),
  }));
}

function queryArb(op: Operation, known: Known, hostile: boolean): fc.Arbitrary<Tagged<string>> {
  // A required parameter is always there (fc.option refuses a weight of 0).
  const entries = op.query.map((q) => (q.required ? validValue(q.schema, known) : fc.option(validValue(q.schema, known), { freq: 2, nil: undefined })).map((v) => [q.name, v] as const));
  const valid = fc.tuple(...entries).map((pairs) => pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${percentEncode(String(v))}`));
  const join = (parts: string[]) => (parts.length ? `?${parts.join('&')}` : '');
  if (!hostile || !op.query.length) return valid.map((p) => ({ cls: 'valid', value: join(p) }));
  const names = op.query.map((q) => q.name);
  return fc
    .record({
      base: valid,
      name: fc.constantFrom(...names),
      bad: hostileText,
      junk: rawUrlJunk,
      kind: fc.constantFrom('value', 'value', 'value', 'repeated', 'bracket', 'raw-junk', 'unknown-param', 'empty'),
    })
    .map(({ base, name, bad, junk, kind }) => {
      const others = base.filter((p) => !p.startsWith(`${name}=`));
      const v = percentEncode(bad.value);
      const extra: Record<typeof kind, [string, string[]]> = {
        value: [bad.cls, [`${name}=${v}`]],
        repeated: ['repeated-param', [`${name}=1`, `${name}=2`]],
        bracket: ['bracket-param', [`${name}[a]=1`, `${name}[]=2`]],
        'raw-junk': ['malformed-percent-encoding', [`${name}=${junk}`]],
        'unknown-param': [`unknown-param:${bad.cls}`, [`zz${name}=${v}`]],
        empty: ['empty-param', [`${name}=`]],
      };
      const [cls, parts] = extra[kind];
      return { cls: `${name}:${cls}`, value: join([...others, ...parts]) };
    });
}

function bodyArb(op: Operation, valid: fc.Arbitrary<unknown>, hostile: boolean): fc.Arbitrary<MultipartPayload | Payload> {
  if (op.multipart) {
    const fields = hostile ? mutated(valid) : valid.map((value) => ({ cls: 'valid', value }));
    return hostile ? multipartPayload(fields) : multipartPayload(fields, ['complete']).map((p) => ({ ...p, cls: 'valid' }));
  }
  if (op.json) return hostile ? mutated(valid).map((t) => jsonPayload(t.value, t.cls)) : valid.map((v) => jsonPayload(v, 'valid'));
  // No declared body: send none, or (focus body) a stray JSON body the route should ignore or refuse.
  return hostile ? mutated(valid).map((t) => jsonPayload(t.value, `unexpected-body:${t.cls}`)) : fc.constant({ cls: 'valid', headers: {} });
}
