import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';

// The team's inbox settings, one JSON value in `settings`: how long a handover keeps the bots
// silent without a human reply, whether new handovers are assigned round-robin, and what the
// customer is told when they are handed over.

const KEY = 'inbox';

export interface InboxSettings {
  /** Bots answer again this long after the last human reply or handover; null: only when resumed or resolved. */
  handoverIdleMinutes: number | null;
  /** Handed-over conversations go to the online agent whose turn it is (within each one's cap). */
  autoAssign: boolean;
  /** Sent to the customer when a bot hands them over (a rule with its own reply sends that instead); null: nothing. */
  handoverMessage: string | null;
}

export const DEFAULT_INBOX_SETTINGS: InboxSettings = {
  handoverIdleMinutes: 24 * 60,
  autoAssign: false,
  handoverMessage: 'Thank you. A member of our team will reply here shortly.',
};

export async function loadInboxSettings(db: Knex, workspaceId: string): Promise<InboxSettings> {
  const row = await db('settings').where({ workspace_id: workspaceId, key: KEY }).first('value');
  return { ...DEFAULT_INBOX_SETTINGS, ...((row?.value ?? {}) as Partial<InboxSettings>) };
}

export async function saveInboxSettings(ctx: AppContext, workspaceId: string, patch: Partial<InboxSettings>): Promise<InboxSettings> {
  return ctx.db.transaction(async (trx) => {
    const current = await loadInboxSettings(trx, workspaceId);
    const next = { ...current, ...patch };
    const value = JSON.stringify(next);
    await trx('settings').insert({ workspace_id: workspaceId, key: KEY, value }).onConflict(['workspace_id', 'key']).merge({ value, updated_at: trx.fn.now() });
    return next;
  });
}
