import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { changeCredits, creditBalance, recentLedger } from './service.ts';

export const addCreditsBody = z.object({
  /** Positive to add, negative to correct a mistake; never zero. */
  amount: z.number().int().min(-1_000_000).max(1_000_000).refine((n) => n !== 0, 'amount must not be 0'),
  note: z.string().trim().max(200).optional(),
});

export function creditRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/credits',
      tag: 'credits',
      summary: 'The workspace credit balance and the last 50 changes',
      handler: async ({ req }) => ({ balance: await creditBalance(ctx.db, req.auth!.workspaceId), ledger: await recentLedger(ctx.db, req.auth!.workspaceId) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/credits',
      tag: 'credits',
      summary: 'Add credits (applies at once to the next reply)',
      body: addCreditsBody,
      handler: async ({ body, req, res }) => {
        const workspaceId = req.auth!.workspaceId;
        await ctx.db.transaction((trx) => changeCredits(trx, workspaceId, body.amount, body.note ? `admin: ${body.note}` : 'admin top-up', { userId: req.auth!.id }));
        res.status(201);
        return { balance: await creditBalance(ctx.db, workspaceId) };
      },
    }),
  ];
}
