import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { HttpError } from '../http/errors.ts';

// Credits per workspace: a balance kept in STRIPES rows (summed when read) plus a ledger of every
// change. A reply is checked against the balance before the LLM call and charged only once Meta
// accepted it; concurrent replies may take the balance slightly below zero, and the next check
// then refuses.

const STRIPES = 8;
/** The most a workspace may hold (and the most it may owe after corrections). */
export const MAX_BALANCE = 1_000_000_000;
/** The most one top-up or correction may move. */
export const MAX_ADJUSTMENT = 1_000_000;

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

/**
 * An admin top-up or correction, refused (409) when it would take the balance past ±MAX_BALANCE.
 * Every adjustment first locks stripe 0, so concurrent ones are checked one after the other and
 * the limit holds exactly; AI-reply charges only lower the balance and never wait on this lock.
 */
export async function adjustCredits(db: Db, workspaceId: string, delta: number, reason: string, userId: string): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      await trx('credit_balances').insert({ workspace_id: workspaceId, stripe: 0, balance: 0 }).onConflict(['workspace_id', 'stripe']).ignore();
      await trx('credit_balances').where({ workspace_id: workspaceId, stripe: 0 }).forUpdate().first('stripe');
      const next = (await creditBalance(trx, workspaceId)) + delta;
      if (next > MAX_BALANCE) {
        throw new HttpError(409, 'credit_limit', `A workspace holds at most ${MAX_BALANCE.toLocaleString('en')} credits: adding ${delta} would make ${next}`);
      }
      if (next < -MAX_BALANCE) {
        throw new HttpError(409, 'credit_limit', `A correction may not take the balance below -${MAX_BALANCE.toLocaleString('en')}: it would be ${next}`);
      }
      await changeCredits(trx, workspaceId, delta, reason, { userId });
    });
  } catch (err) {
    // numeric out of range, or the table's bound: the database refused, the client gets why
    const code = (err as { code?: string }).code;
    if (code === '22003' || code === '23514') throw new HttpError(409, 'credit_limit', 'The credit balance is at its limit; this change would overflow it');
    throw err;
  }
}

export interface LedgerRow {
  /** bigint ids arrive as strings. */
  id: string;
  delta: number;
  reason: string;
  reply_log_id: string | null;
  created_at: Date;
}

export async function recentLedger(db: Db, workspaceId: string, limit = 50): Promise<LedgerRow[]> {
  return db('credit_ledger').where({ workspace_id: workspaceId }).orderBy('id', 'desc').limit(limit).select('id', 'delta', 'reason', 'reply_log_id', 'created_at');
}
