import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { accountListView, accountView, connectionView, deletedAccountView, presentAccount } from './present.ts';
import { listAccounts } from './queries.ts';
import { accountListQuery, addAccountBody, connectionBody, updateTokenBody } from './schema.ts';
import * as accounts from './service.ts';
import { auditRequest } from '../audit/record.ts';

export function accountRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/accounts',
      access: 'members',
      tag: 'accounts',
      summary: 'Connected channel accounts: WhatsApp numbers, Instagram accounts, Facebook Pages (tokens are never returned)',
      query: accountListQuery,
      response: accountListView,
      handler: async ({ query, req }) => ({ items: (await listAccounts(ctx.db, req.auth!.workspaceId, query.channel as never)).map(presentAccount) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/accounts/test-connection',
      tag: 'accounts',
      summary: "Test connection: Meta's view of the account with this token, nothing saved",
      body: connectionBody,
      response: connectionView,
      handler: async ({ body }) => ({ ok: true as const, account: await accounts.testNewConnection(ctx, body) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/accounts',
      tag: 'accounts',
      summary: 'Connect an account; refused (422) unless Test connection succeeds',
      body: addAccountBody,
      response: accountView,
      handler: async ({ body, req, res }) => {
        const row = await accounts.addAccount(ctx, req.auth!.workspaceId, body);
        await auditRequest(ctx, req, { action: 'account.added', targetType: 'channel_account', targetId: row.id, detail: `${body.channel}: ${body.displayName}` });
        res.status(201);
        return presentAccount(row);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/accounts/:id/token',
      tag: 'accounts',
      summary: 'Replace the access token (the only edit); reactivates the account',
      params: idParam,
      body: updateTokenBody,
      response: accountView,
      handler: async ({ body, params, req }) => {
        const row = await accounts.replaceToken(ctx, req.auth!.workspaceId, params.id, body.accessToken);
        await auditRequest(ctx, req, { action: 'account.token_updated', targetType: 'channel_account', targetId: params.id, detail: `${row.channel}: ${row.display_name}` });
        return presentAccount(row);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/accounts/:id/check',
      tag: 'accounts',
      summary: 'Re-test a stored account with its stored token',
      params: idParam,
      response: connectionView,
      handler: async ({ params, req }) => ({ ok: true as const, account: await accounts.checkStoredAccount(ctx, req.auth!.workspaceId, params.id) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/accounts/:id',
      tag: 'accounts',
      summary: 'Disconnect an account: its conversations are archived, history kept',
      params: idParam,
      response: deletedAccountView,
      handler: async ({ params, req }) => {
        const account = await ctx.db('channel_accounts').where({ id: params.id, workspace_id: req.auth!.workspaceId }).first('channel', 'display_name');
        const result = await accounts.deleteAccount(ctx, req.auth!.workspaceId, params.id);
        await auditRequest(ctx, req, {
          action: 'account.deleted', targetType: 'channel_account', targetId: params.id,
          detail: `${account?.channel}: ${account?.display_name}; ${result.archivedConversations} conversations archived`,
        });
        return result;
      },
    }),
  ];
}
