import { z } from 'zod';
import type { RouteDef } from './route.ts';

/** Who may call an operation: anyone, every signed-in member (admins and agents), or admins only. */
export type Access = 'public' | 'members' | 'admins';

export const accessOf = (def: Pick<RouteDef, 'auth' | 'access'>): Access => (def.auth === false ? 'public' : (def.access ?? 'admins'));

const ACCESS_TEXT: Record<Access, string> = {
  public: 'Access: public (no token).',
  members: 'Access: members (any signed-in user, admin or agent).',
  admins: 'Access: admins only (an agent gets 403 forbidden).',
};

/** Builds the OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export function buildOpenApi(defs: RouteDef[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const def of defs) {
    const path = def.path.replace(/:(\w+)/g, '{$1}');
    const params = [...def.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = def.query ? queryParams(def.query) : [];
    paths[path] ??= {};
    const access = accessOf(def);
    paths[path][def.method] = {
      summary: def.summary,
      description: ACCESS_TEXT[access],
      'x-parley-access': access,
      tags: [def.tag],
      ...(def.auth === false ? { security: [] } : {}),
      ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
      ...(def.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(def.body, { io: 'input', unrepresentable: 'any' }) } } } }
        : def.multipart
          ? {
              requestBody: {
                required: true,
                content: {
                  'multipart/form-data': {
                    schema: (() => {
                      const fields = z.toJSONSchema(def.multipart, { io: 'input', unrepresentable: 'any' }) as { properties?: object; required?: string[] };
                      return { ...fields, properties: { ...fields.properties, file: { type: 'string', format: 'binary' } }, required: [...(fields.required ?? []), 'file'] };
                    })(),
                  },
                },
              },
            }
          : {}),
      responses: {
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '2XX': def.response
          ? { description: 'Success', content: { 'application/json': { schema: z.toJSONSchema(def.response, { io: 'output', unrepresentable: 'any' }) } } }
          : { description: 'Success' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Parley API', version },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  };
}

function queryParams(schema: z.ZodType): object[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}
