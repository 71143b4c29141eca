import type { Channel } from '../channels/channel.ts';
import type { Db } from '../db/knex.ts';


/** A channel account: a WhatsApp number, an Instagram professional account or a Facebook Page. */
export interface AccountRow {
  id: string;
  workspace_id: string;
  channel: Channel;
  display_name: string;
  /** Meta's id of the account: phone number id, IG user id or Page id. */
  external_id: string;
  waba_id: string | null;
  /** The Instagram @username or the Page's name, as Meta returned it. */
  handle: string | null;
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

/** A WhatsApp number: the only kind campaigns and templates use. */
export type NumberRow = AccountRow & { channel: 'whatsapp'; waba_id: string };

const PUBLIC_COLUMNS = [
  'id', 'channel', 'display_name', 'external_id', 'waba_id', 'handle', 'display_phone_number', 'verified_name', 'quality_rating',
  'is_active', 'inactive_reason', 'is_sandbox', 'token_updated_at', 'created_at',
] as const;

export type PublicAccountRow = Pick<AccountRow, (typeof PUBLIC_COLUMNS)[number]>;

/** Every column of AccountRow, for a query that reads an account beside other rows. */
export const ACCOUNT_COLUMNS = [...PUBLIC_COLUMNS, 'workspace_id', 'access_token_enc'] as const satisfies ReadonlyArray<keyof AccountRow>;

export const listAccounts = (db: Db, workspaceId: string, channel?: Channel): Promise<PublicAccountRow[]> => {
  const q = db('channel_accounts').where({ workspace_id: workspaceId }).whereNull('deleted_at').orderBy('created_at').select(PUBLIC_COLUMNS);
  if (channel) q.where({ channel });
  return q;
};

export const findAccount = (db: Db, workspaceId: string, id: string) =>
  db<AccountRow>('channel_accounts').where({ workspace_id: workspaceId, id }).whereNull('deleted_at').first();

/** A WhatsApp number of the workspace (campaigns and templates refer to numbers only). */
export const findNumber = (db: Db, workspaceId: string, id: string) =>
  db<NumberRow>('channel_accounts').where({ workspace_id: workspaceId, id, channel: 'whatsapp' }).whereNull('deleted_at').first() as Promise<NumberRow | undefined>;

export const findLive = (db: Db, channel: Channel, externalId: string) =>
  db<AccountRow>('channel_accounts').where({ channel, external_id: externalId }).whereNull('deleted_at').first();

export async function insertAccount(db: Db, row: Omit<AccountRow, 'id' | 'is_active' | 'inactive_reason' | 'token_updated_at' | 'created_at'>): Promise<PublicAccountRow> {
  const [created] = await db('channel_accounts').insert(row).returning(PUBLIC_COLUMNS);
  return created;
}

export async function updateToken(db: Db, id: string, tokenEnc: string, info: Partial<Pick<AccountRow, 'handle' | 'display_phone_number' | 'verified_name' | 'quality_rating'>>): Promise<PublicAccountRow> {
  const [row] = await db('channel_accounts')
    .where({ id })
    .update({ access_token_enc: tokenEnc, token_updated_at: db.fn.now(), is_active: true, inactive_reason: null, ...info })
    .returning(PUBLIC_COLUMNS);
  return row;
}

/**
 * Flips an account to inactive; returns true only for the call that made the change. Given the
 * token_updated_at of the token that was refused, a token replaced since (a late answer to a
 * request made with the old one) is left alone.
 */
export async function deactivate(db: Db, id: string, reason: string, refusedTokenUpdatedAt?: Date): Promise<boolean> {
  const q = db('channel_accounts').where({ id, is_active: true });
  if (refusedTokenUpdatedAt) q.whereRaw("date_trunc('milliseconds', token_updated_at) <= ?", [refusedTokenUpdatedAt]); // a JS Date holds milliseconds
  const n = await q.update({ is_active: false, inactive_reason: reason });
  return n > 0;
}

export async function softDelete(db: Db, id: string): Promise<number> {
  return db.transaction(async (trx): Promise<number> => {
    await trx('channel_accounts').where({ id }).update({ deleted_at: trx.fn.now(), is_active: false, inactive_reason: 'deleted' });
    return trx('conversations').where({ account_id: id }).whereNot({ status: 'archived' }).update({ status: 'archived', archived_at: trx.fn.now() });
  });
}
