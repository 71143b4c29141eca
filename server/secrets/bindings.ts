import type { SecretBinding } from '../lib/crypto.ts';

// Every place Parley keeps a sealed secret, named as its AES-GCM additional data. A new
// encrypted column gets its binding here and its rewrap in rewrap.ts.

export const NUMBER_TOKEN: SecretBinding = 'phone_numbers.access_token_enc';

/** settings.value holds many kinds of values: the setting key is part of the binding. */
export const settingBinding = (key: string): SecretBinding => `settings.value:${key}`;
