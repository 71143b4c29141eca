import type { Db } from '../db/knex.ts';

export interface NumberRow {
  id: string;
  workspace_id: string;
  display_name: string;
  phone_number_id: string;
  waba_id: string;
  display_phone_number: string | null;
  verified_name: string | null;
  quality_rating: string | null;
  access_token_enc: string;
  is_active: boolean;
  inactive_reason: string | null;
  is_sandbox: boolean;
  token_updated_at: Date;
  created_at: Date;
}

const PUBLIC_COLUMNS = [
  'id', 'display_name', 'phone_number_id', 'waba_id', 'display_phone_number', 'verified_name', 'quality_rating',
  'is_active', 'inactive_reason', 'is_sandbox', 'token_updated_at', 'created_at',
];

export const listNumbers = (db: Db, workspaceId: string) =>
  db('phone_numbers').where({ workspace_id: workspaceId }).whereNull('deleted_at').orderBy('created_at').select(PUBLIC_COLUMNS);

export const findNumber = (db: Db, workspaceId: string, id: string) =>
  db<NumberRow>('phone_numbers').where({ workspace_id: workspaceId, id }).whereNull('deleted_at').first();

export const findLiveByPhoneNumberId = (db: Db, phoneNumberId: string) =>
  db<NumberRow>('phone_numbers').where({ phone_number_id: phoneNumberId }).whereNull('deleted_at').first();

export async function insertNumber(db: Db, row: Omit<NumberRow, 'id' | 'is_active' | 'inactive_reason' | 'token_updated_at' | 'created_at'>) {
  const [created] = await db('phone_numbers').insert(row).returning(PUBLIC_COLUMNS);
  return created;
}

export async function updateToken(db: Db, id: string, tokenEnc: string, info: { display_phone_number?: string; verified_name?: string; quality_rating?: string }) {
  const [row] = await db('phone_numbers')
    .where({ id })
    .update({ access_token_enc: tokenEnc, token_updated_at: db.fn.now(), is_active: true, inactive_reason: null, ...info })
    .returning(PUBLIC_COLUMNS);
  return row;
}

/**
 * Flips a number to inactive; returns true only for the call that made the change. Given the
 * token_updated_at of the token that was refused, a token replaced since (a late answer to a
 * request made with the old one) is left alone.
 */
export async function deactivate(db: Db, id: string, reason: string, refusedTokenUpdatedAt?: Date): Promise<boolean> {
  const q = db('phone_numbers').where({ id, is_active: true });
  if (refusedTokenUpdatedAt) q.whereRaw("date_trunc('milliseconds', token_updated_at) <= ?", [refusedTokenUpdatedAt]); // a JS Date holds milliseconds
  const n = await q.update({ is_active: false, inactive_reason: reason });
  return n > 0;
}

export async function softDelete(db: Db, id: string): Promise<number> {
  return db.transaction(async (trx): Promise<number> => {
    await trx('phone_numbers').where({ id }).update({ deleted_at: trx.fn.now(), is_active: false, inactive_reason: 'deleted' });
    return trx('conversations').where({ number_id: id, status: 'open' }).update({ status: 'archived', archived_at: trx.fn.now() });
  });
}
