import type { SecretBinding } from '../lib/crypto.ts';

// Every place Parley keeps a sealed secret, named as its AES-GCM additional data. A new
// encrypted column gets its binding here and its rewrap in rewrap.ts.

/**
 * A channel account's token. The binding keeps the table's first name (phone_numbers, renamed
 * channel_accounts by migration 0016): it is sealed into every stored token, which a new name
 * would make unreadable.
 */
export const ACCOUNT_TOKEN: SecretBinding = 'phone_numbers.access_token_enc';

/** settings.value holds many kinds of values: the setting key is part of the binding. */
export const settingBinding = (key: string): SecretBinding => `settings.value:${key}`;
