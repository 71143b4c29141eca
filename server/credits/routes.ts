import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { balanceView, creditsView, presentLedgerEntry } from './present.ts';
import { adjustCredits, creditBalance, MAX_ADJUSTMENT, MAX_BALANCE, recentLedger } from './service.ts';
import { auditRequest } from '../audit/record.ts';

export const addCreditsBody = z.object({
  /** Positive to add, negative to correct a mistake; never zero. The balance stays within ±MAX_BALANCE (409 credit_limit). */
  amount: z.number().int().min(-MAX_ADJUSTMENT).max(MAX_ADJUSTMENT).refine((n) => n !== 0, 'amount must not be 0'),
  note: z.string().trim().max(200).optional(),
});

export function creditRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/credits',
      tag: 'credits',
      summary: 'The workspace credit balance and the last 50 changes',
      response: creditsView,
      handler: async ({ req }) => ({
        balance: await creditBalance(ctx.db, req.auth!.workspaceId),
        ledger: (await recentLedger(ctx.db, req.auth!.workspaceId)).map(presentLedgerEntry),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/credits',
      tag: 'credits',
      summary: `Add credits (applies at once to the next reply); the balance is capped at ${MAX_BALANCE} (409 credit_limit)`,
      body: addCreditsBody,
      response: balanceView,
      handler: async ({ body, req, res }) => {
        const workspaceId = req.auth!.workspaceId;
        await adjustCredits(ctx.db, workspaceId, body.amount, body.note ? `admin: ${body.note}` : 'admin top-up', req.auth!.id);
        const balance = await creditBalance(ctx.db, workspaceId);
        await auditRequest(ctx, req, { action: 'credits.added', targetType: 'credits', targetId: null, detail: `${body.amount > 0 ? '+' : ''}${body.amount}; balance ${balance}` });
        res.status(201);
        return { balance };
      },
    }),
  ];
}
