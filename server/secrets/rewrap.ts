import type { Knex } from 'knex';
import { isLegacySecret, rewrapLegacySecret } from '../lib/crypto.ts';
import { NUMBER_TOKEN, settingBinding } from './bindings.ts';

// Turns every v1 (unbound) sealed value into v2, bound to its table and column. It runs at boot
// right after the migrations rather than as a migration: migrations are plain modules without
// the encryption key, and a boot step also catches v1 values that come back later (a restored
// old backup). One transaction, rows locked; a second run finds nothing left to do.

export interface RewrapCount {
  numberTokens: number;
  settings: number;
}

export async function rewrapLegacySecrets(db: Knex, key: Buffer): Promise<RewrapCount> {
  return db.transaction(async (trx) => {
    const numbers: Array<{ id: string; access_token_enc: string }> = await trx('phone_numbers')
      .where('access_token_enc', 'like', 'v1:%')
      .forUpdate()
      .select('id', 'access_token_enc');
    for (const n of numbers) {
      await trx('phone_numbers').where({ id: n.id }).update({ access_token_enc: rewrapLegacySecret(key, n.access_token_enc, NUMBER_TOKEN) });
    }

    const settings: Array<{ workspace_id: string; key: string; value: unknown }> = await trx('settings')
      .where({ is_secret: true })
      .whereRaw(`jsonb_typeof(value) = 'string'`)
      .forUpdate()
      .select('workspace_id', 'key', 'value');
    let settingCount = 0;
    for (const s of settings) {
      if (typeof s.value !== 'string' || !isLegacySecret(s.value)) continue;
      const sealed = rewrapLegacySecret(key, s.value, settingBinding(s.key));
      await trx('settings').where({ workspace_id: s.workspace_id, key: s.key }).update({ value: JSON.stringify(sealed) });
      settingCount++;
    }
    return { numberTokens: numbers.length, settings: settingCount };
  });
}
