import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { listNumbers } from './queries.ts';
import { idParam } from '../http/schemas.ts';
import { addNumberBody, connectionBody, updateTokenBody } from './schema.ts';
import * as numbers from './service.ts';

export function numberRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/numbers',
      tag: 'numbers',
      summary: 'Connected WhatsApp numbers (tokens are never returned)',
      handler: async ({ req }) => ({ items: await listNumbers(ctx.db, req.auth!.workspaceId) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/numbers/test-connection',
      tag: 'numbers',
      summary: 'Test connection: GET /{phone-number-id} with the token, nothing saved',
      body: connectionBody,
      handler: async ({ body }) => ({ ok: true, phone: await numbers.testConnection(ctx, body) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/numbers',
      tag: 'numbers',
      summary: 'Add a number; refused (422) unless Test connection succeeds',
      body: addNumberBody,
      handler: async ({ body, req, res }) => {
        res.status(201);
        return numbers.addNumber(ctx, req.auth!.workspaceId, body);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/numbers/:id/token',
      tag: 'numbers',
      summary: 'Replace the access token (the only edit); reactivates the number',
      params: idParam,
      body: updateTokenBody,
      handler: ({ body, params, req }) => numbers.replaceToken(ctx, req.auth!.workspaceId, params.id, body.accessToken),
    }),
    defineRoute({
      method: 'post',
      path: '/api/numbers/:id/check',
      tag: 'numbers',
      summary: 'Re-test a stored number with its stored token',
      params: idParam,
      handler: async ({ params, req }) => ({ ok: true, phone: await numbers.checkStoredNumber(ctx, req.auth!.workspaceId, params.id) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/numbers/:id',
      tag: 'numbers',
      summary: 'Delete a number: its conversations are archived, history kept',
      params: idParam,
      handler: ({ params, req }) => numbers.deleteNumber(ctx, req.auth!.workspaceId, params.id),
    }),
  ];
}
