import type { Knex } from 'knex';
import { isLegacySecret, rewrapLegacySecret, type SecretBinding } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN, settingBinding } from './bindings.ts';

// Turns every v1 (unbound) sealed value into v2, bound to its table and column. It runs at boot
// right after the migrations rather than as a migration: migrations are plain modules without
// the encryption key, and a boot step also catches v1 values that come back later (a restored
// old backup). One transaction, rows locked; a second run (or a second process) finds nothing
// left to do. A value the key cannot open is left as it is and reported, not fatal: it was
// already unusable, and the rest of the install keeps working until it is entered again.

export interface RewrapCount {
  numberTokens: number;
  settings: number;
  /** Values that did not open with this key, e.g. "channel_accounts <id>" (names, never values). */
  unreadable: string[];
}

export async function rewrapLegacySecrets(db: Knex, key: Buffer): Promise<RewrapCount> {
  return db.transaction(async (trx) => {
    const count: RewrapCount = { numberTokens: 0, settings: 0, unreadable: [] };
    const rewrap = (sealed: string, binding: SecretBinding, where: string): string | null => {
      try {
        return rewrapLegacySecret(key, sealed, binding);
      } catch {
        count.unreadable.push(where);
        return null;
      }
    };

    const numbers: Array<{ id: string; access_token_enc: string }> = await trx('channel_accounts')
      .where('access_token_enc', 'like', 'v1:%')
      .forUpdate()
      .select('id', 'access_token_enc');
    for (const n of numbers) {
      const sealed = rewrap(n.access_token_enc, ACCOUNT_TOKEN, `channel_accounts ${n.id}`);
      if (sealed === null) continue;
      await trx('channel_accounts').where({ id: n.id }).update({ access_token_enc: sealed });
      count.numberTokens++;
    }

    const settings: Array<{ workspace_id: string; key: string; value: unknown }> = await trx('settings')
      .where({ is_secret: true })
      .whereRaw(`jsonb_typeof(value) = 'string'`)
      .forUpdate()
      .select('workspace_id', 'key', 'value');
    for (const s of settings) {
      if (typeof s.value !== 'string' || !isLegacySecret(s.value)) continue;
      const sealed = rewrap(s.value, settingBinding(s.key), `settings ${s.workspace_id} ${s.key}`);
      if (sealed === null) continue;
      await trx('settings').where({ workspace_id: s.workspace_id, key: s.key }).update({ value: JSON.stringify(sealed) });
      count.settings++;
    }
    return count;
  });
}
