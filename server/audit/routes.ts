import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { auditPageView, auditQuery, presentAuditEntry } from './present.ts';
import { listAudit } from './queries.ts';
import { AUDIT_ACTIONS } from './record.ts';

export function auditRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      tag: 'team',
      summary: 'What admins did (invites, roles, removals, tokens, settings, deletions), newest first; filter by actorId or action',
      query: auditQuery,
      response: auditPageView,
      handler: async ({ query, req }) => {
        const page = await listAudit(ctx.db, req.auth!.workspaceId, query);
        return { items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor, actions: [...AUDIT_ACTIONS] };
      },
    }),
  ];
}
