import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';

// Credits per workspace: a balance kept in STRIPES rows (summed when read) plus a ledger of every
// change. A reply is checked against the balance before the LLM call and charged only once Meta
// accepted it; concurrent replies may take the balance slightly below zero, and the next check
// then refuses.

const STRIPES = 8;

export async function creditBalance(db: Db | Knex, workspaceId: string): Promise<number> {
  const row = await db('credit_balances').where({ workspace_id: workspaceId }).sum<{ total: string | null }>('balance as total').first();
  return Number(row?.total ?? 0);
}

/** Adds `delta` (negative to charge) to one stripe; charges pick a random stripe to spread the locks. */
export async function changeCredits(trx: Knex, workspaceId: string, delta: number, reason: string, ref: { replyLogId?: string | number; userId?: string } = {}): Promise<void> {
  await trx('credit_ledger').insert({ workspace_id: workspaceId, delta, reason, reply_log_id: ref.replyLogId ?? null, user_id: ref.userId ?? null });
  const stripe = delta < 0 ? Math.floor(Math.random() * STRIPES) : 0;
  await trx('credit_balances')
    .insert({ workspace_id: workspaceId, stripe, balance: delta })
    .onConflict(['workspace_id', 'stripe'])
    .merge({ balance: trx.raw('credit_balances.balance + excluded.balance'), updated_at: trx.fn.now() });
}

export async function recentLedger(db: Db, workspaceId: string, limit = 50) {
  return db('credit_ledger').where({ workspace_id: workspaceId }).orderBy('id', 'desc').limit(limit).select('id', 'delta', 'reason', 'reply_log_id', 'created_at');
}
