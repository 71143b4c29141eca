import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { findAccount } from '../accounts/queries.ts';
import { agentOf, deleteAgent, ruleRow, saveAgent } from './service.ts';
import { agentBody, ruleBody, ruleListQuery, rulePatch } from './schema.ts';

// Rules and agents are read from the database for every message, so edits apply at once.

export function agentRoutes(ctx: AppContext): RouteDef[] {
  const checkNumber = async (workspaceId: string, numberId: string | null | undefined) => {
    if (numberId && !(await findAccount(ctx.db, workspaceId, numberId))) throw new HttpError(400, 'unknown_number', 'numberId does not name a connected account');
  };
  const rulesWithStats = (workspaceId: string) =>
    ctx.db('reply_rules as r')
      .where('r.workspace_id', workspaceId)
      .select(
        'r.*',
        ctx.db.raw(`(select count(*)::int from reply_logs l where l.rule_id = r.id and l.outcome = 'sent') as matched_count`),
        ctx.db.raw(`(select max(created_at) from reply_logs l where l.rule_id = r.id) as last_matched_at`),
      );
  return [
    defineRoute({
      method: 'get',
      path: '/api/rules',
      tag: 'auto-replies',
      summary: 'Keyword rules (global and per number), highest priority first, with how often each answered',
      query: ruleListQuery,
      handler: async ({ query, req }) => {
        const q = rulesWithStats(req.auth!.workspaceId).orderBy([{ column: 'r.priority', order: 'desc' }, { column: 'r.created_at' }]);
        if (query.numberId) q.where((w) => w.whereNull('r.number_id').orWhere('r.number_id', query.numberId!));
        return { items: await q };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/rules',
      tag: 'auto-replies',
      summary: 'Create a keyword rule (applies to the next message)',
      body: ruleBody,
      handler: async ({ body, req, res }) => {
        await checkNumber(req.auth!.workspaceId, body.numberId);
        const [row] = await ctx.db('reply_rules').insert(ruleRow(req.auth!.workspaceId, body)).returning('*');
        res.status(201);
        return row;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/rules/:id',
      tag: 'auto-replies',
      summary: 'Change a rule (keywords, AND/OR, reply, priority, number, enabled)',
      params: idParam,
      body: rulePatch,
      handler: async ({ body, params, req }) => {
        await checkNumber(req.auth!.workspaceId, body.numberId);
        const [row] = await ctx.db('reply_rules').where({ id: params.id, workspace_id: req.auth!.workspaceId }).update({ ...ruleRow(req.auth!.workspaceId, body), updated_at: ctx.db.fn.now() }).returning('*');
        if (!row) throw notFound('No such rule');
        return row;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/rules/:id',
      tag: 'auto-replies',
      summary: 'Delete a rule (its log entries stay for analytics)',
      params: idParam,
      handler: async ({ params, req }) => {
        if (!(await ctx.db('reply_rules').where({ id: params.id, workspace_id: req.auth!.workspaceId }).delete())) throw notFound('No such rule');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/accounts/:id/agent',
      tag: 'auto-replies',
      summary: "A number's current agent (or null) and its earlier agents",
      params: idParam,
      handler: ({ params, req }) => agentOf(ctx, req.auth!.workspaceId, params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/api/accounts/:id/agent',
      tag: 'auto-replies',
      summary: "Set a number's agent; a new prompt id archives its conversations and creates a new agent id",
      params: idParam,
      body: agentBody,
      handler: ({ body, params, req }) => saveAgent(ctx, req.auth!.workspaceId, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/accounts/:id/agent',
      tag: 'auto-replies',
      summary: "Remove a number's agent (conversations archived, messages kept)",
      params: idParam,
      handler: ({ params, req }) => deleteAgent(ctx, req.auth!.workspaceId, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/replies',
      tag: 'auto-replies',
      summary: 'The latest auto-reply outcomes (rule matched, agent, cap, credits, failures)',
      handler: async ({ req }) => ({
        items: await ctx.db('reply_logs as l')
          .leftJoin('reply_rules as r', 'r.id', 'l.rule_id')
          .where('l.workspace_id', req.auth!.workspaceId)
          .orderBy('l.id', 'desc')
          .limit(100)
          .select('l.*', 'r.name as rule_name'),
      }),
    }),
  ];
}
