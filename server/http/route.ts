import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { forbidden, validationError } from './errors.ts';
import { cleanStrings } from './schemas.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One API operation: its transport details, its request schemas (used both to validate and to
 * publish /api/openapi.json), its response schema (published, and the type the handler must
 * return: a feature's presenter builds it) and a handler that returns the JSON body (undefined
 * means 204).
 */
export interface RouteDef<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** Defaults to true: the caller needs a valid access token. */
  auth?: boolean;
  /**
   * Who may call it, when `auth` is on. Defaults to admins only, so a new route is closed to
   * agents until it says otherwise: `'members'` is every signed-in user (admins and agents).
   */
  access?: 'admins' | 'members';
  body?: B;
  query?: Q;
  params?: P;
  /** Text fields of a multipart/form-data body (with a `file` part), parsed by the handler. */
  multipart?: z.ZodType;
  middleware?: RequestHandler[];
  /** The success body. */
  response?: R;
  handler: (input: { body: z.infer<B>; query: z.infer<Q>; params: z.infer<P>; req: Request; res: Response }) => z.infer<R> | Promise<z.infer<R>>;
}

export function defineRoute<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType>(
  def: RouteDef<B, Q, P, R>,
): RouteDef {
  return def as unknown as RouteDef;
}

/** Agents are refused (403) what only admins may do; the role is checked on every request. */
function allowed(access: 'admins' | 'members'): RequestHandler {
  return (req, _res, next) => {
    if (access === 'members' || req.auth?.role === 'admin') return next();
    next(forbidden('Only an admin can do this'));
  };
}

export function mountRoutes(router: Router, defs: RouteDef[], requireAuth: RequestHandler): void {
  for (const def of defs) {
    // An unvalidated path parameter reaches SQL as it came (a non-UUID id is a Postgres error).
    if (def.path.includes(':') && !def.params) throw new Error(`${def.method.toUpperCase()} ${def.path} has path parameters but no params schema`);
    const pre = [...(def.auth === false ? [] : [requireAuth, allowed(def.access ?? 'admins')]), ...(def.middleware ?? [])];
    router[def.method](def.path, ...pre, async (req, res) => {
      let body: unknown = undefined;
      let query: unknown = req.query;
      let params: unknown = req.params;
      // Every request string is cleaned of what Postgres cannot store (NUL, lone surrogates)
      // before validation, so no route can forget it.
      if (def.params) {
        const parsed = def.params.safeParse(cleanStrings(req.params));
        if (!parsed.success) throw validationError(parsed.error, 'params');
        params = parsed.data;
      }
      if (def.body) {
        const parsed = def.body.safeParse(cleanStrings(req.body ?? {}));
        if (!parsed.success) throw validationError(parsed.error, 'body');
        body = parsed.data;
      }
      if (def.query) {
        const parsed = def.query.safeParse(cleanStrings(req.query));
        if (!parsed.success) throw validationError(parsed.error, 'query');
        query = parsed.data;
      }
      const result = await def.handler({ body, query, params, req, res });
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else res.json(result);
    });
  }
}
