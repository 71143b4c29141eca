import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { findAccount } from '../accounts/queries.ts';
import {
  accountAgentView, presentAgent, presentPreviousAgent, presentReplyLog, presentRule, presentRuleWithStats, removedAgentView, replyLogListView,
  ruleListView, ruleView, savedAgentView,
} from './present.ts';
import { listRules, recentReplyLogs, type RuleRow } from './queries.ts';
import { agentOf, deleteAgent, ruleRow, saveAgent } from './service.ts';
import { agentBody, ruleBody, ruleListQuery, rulePatch } from './schema.ts';
import { actorOf, auditRequest, recordAudit } from '../audit/record.ts';

// Rules and agents are read from the database for every message, so edits apply at once.

export function agentRoutes(ctx: AppContext): RouteDef[] {
  const checkNumber = async (workspaceId: string, numberId: string | null | undefined) => {
    if (numberId && !(await findAccount(ctx.db, workspaceId, numberId))) throw new HttpError(400, 'unknown_number', 'numberId does not name a connected account');
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/rules',
      tag: 'auto-replies',
      summary: 'Keyword rules (global and per number), highest priority first, with how often each answered',
      query: ruleListQuery,
      response: ruleListView,
      handler: async ({ query, req }) => ({ items: (await listRules(ctx.db, req.auth!.workspaceId, query.numberId)).map(presentRuleWithStats) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/rules',
      tag: 'auto-replies',
      summary: 'Create a keyword rule (applies to the next message)',
      body: ruleBody,
      response: ruleView,
      handler: async ({ body, req, res }) => {
        await checkNumber(req.auth!.workspaceId, body.numberId);
        const [row] = await ctx.db('reply_rules').insert(ruleRow(req.auth!.workspaceId, body)).returning<RuleRow[]>('*');
        res.status(201);
        return presentRule(row!);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/rules/:id',
      tag: 'auto-replies',
      summary: 'Change a rule (keywords, AND/OR, reply, priority, number, enabled)',
      params: idParam,
      body: rulePatch,
      response: ruleView,
      handler: async ({ body, params, req }) => {
        await checkNumber(req.auth!.workspaceId, body.numberId);
        const [row] = await ctx.db('reply_rules')
          .where({ id: params.id, workspace_id: req.auth!.workspaceId })
          .update({ ...ruleRow(req.auth!.workspaceId, body), updated_at: ctx.db.fn.now() })
          .returning<RuleRow[]>('*')
          .catch((err) => {
            if (err?.constraint === 'reply_rules_action') throw new HttpError(422, 'reply_required', 'A rule needs a reply unless it hands over to a person');
            throw err;
          });
        if (!row) throw notFound('No such rule');
        return presentRule(row);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/rules/:id',
      tag: 'auto-replies',
      summary: 'Delete a rule (its log entries stay for analytics)',
      params: idParam,
      handler: async ({ params, req }) => {
        await ctx.db.transaction(async (trx) => {
          const [rule] = await trx('reply_rules').where({ id: params.id, workspace_id: req.auth!.workspaceId }).delete().returning('name');
          if (!rule) throw notFound('No such rule');
          await recordAudit(trx, { workspaceId: req.auth!.workspaceId, actor: actorOf(req), action: 'rule.deleted', targetType: 'rule', targetId: params.id, detail: rule.name });
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/accounts/:id/agent',
      tag: 'auto-replies',
      summary: "A number's current agent (or null) and its earlier agents",
      params: idParam,
      response: accountAgentView,
      handler: async ({ params, req }) => {
        const { agent, previous } = await agentOf(ctx, req.auth!.workspaceId, params.id);
        return { agent: agent ? presentAgent(agent) : null, previous: previous.map(presentPreviousAgent) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/accounts/:id/agent',
      tag: 'auto-replies',
      summary: "Set a number's agent; a new prompt id archives its conversations and creates a new agent id",
      params: idParam,
      body: agentBody,
      response: savedAgentView,
      handler: async ({ body, params, req }) => {
        const saved = await saveAgent(ctx, req.auth!.workspaceId, params.id, body);
        return { ...saved, agent: presentAgent(saved.agent) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/accounts/:id/agent',
      tag: 'auto-replies',
      summary: "Remove a number's agent (conversations archived, messages kept)",
      params: idParam,
      response: removedAgentView,
      handler: async ({ params, req }) => {
        const removed = await deleteAgent(ctx, req.auth!.workspaceId, params.id);
        await auditRequest(ctx, req, { action: 'agent.deleted', targetType: 'channel_account', targetId: params.id, detail: `the account's agent; ${removed.archivedConversations} conversations archived` });
        return removed;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/replies',
      tag: 'auto-replies',
      summary: 'The latest auto-reply outcomes (rule matched, agent, cap, credits, failures)',
      response: replyLogListView,
      handler: async ({ req }) => ({ items: (await recentReplyLogs(ctx.db, req.auth!.workspaceId)).map(presentReplyLog) }),
    }),
  ];
}
