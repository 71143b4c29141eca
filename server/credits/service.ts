import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';

// Credits per workspace: a balance row plus a ledger of every change. A reply is checked against
// the balance before the LLM call and charged only once Meta accepted it; concurrent replies may
// take the balance slightly below zero, and the next check then refuses.

export async function creditBalance(db: Db | Knex, workspaceId: string): Promise<number> {
  const row = await db('credit_balances').where({ workspace_id: workspaceId }).first('balance');
  return row?.balance ?? 0;
}

export async function changeCredits(trx: Knex, workspaceId: string, delta: number, reason: string, ref: { replyLogId?: string | number; userId?: string } = {}): Promise<number> {
  const [row] = await trx('credit_balances')
    .insert({ workspace_id: workspaceId, balance: delta })
    .onConflict('workspace_id')
    .merge({ balance: trx.raw('credit_balances.balance + excluded.balance'), updated_at: trx.fn.now() })
    .returning('balance');
  await trx('credit_ledger').insert({ workspace_id: workspaceId, delta, reason, reply_log_id: ref.replyLogId ?? null, user_id: ref.userId ?? null });
  return row.balance;
}

export async function recentLedger(db: Db, workspaceId: string, limit = 50) {
  return db('credit_ledger').where({ workspace_id: workspaceId }).orderBy('id', 'desc').limit(limit).select('id', 'delta', 'reason', 'reply_log_id', 'created_at');
}
