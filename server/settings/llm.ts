import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { decryptSecret, encryptSecret } from '../lib/crypto.ts';
import { settingBinding } from '../secrets/bindings.ts';
import type { LlmSettingsPatch, LlmTestRequest } from './schema.ts';

// Global LLM settings: the environment gives the first values, the dashboard overrides them.
// The key is stored encrypted (settings.is_secret) and is never sent back, only whether it is set.
// A key goes only to the base URL it was given for: pointing the settings at another server
// needs the key again, and the environment's key only ever goes to the environment's base URL.

const LLM = 'llm';
const LLM_KEY = 'llm.api_key';
const LLM_KEY_BINDING = settingBinding(LLM_KEY);

export interface LlmSettings {
  apiKey: string | null;
  model: string;
  baseUrl: string;
  /** Lifetime AI replies per customer phone, across all numbers; then silence. */
  customerReplyCap: number;
  creditsPerReply: number;
  /** Off until the admin turns it on: then AI replies stop when the balance cannot pay for one. */
  creditsEnforced: boolean;
}

export const DEFAULT_CUSTOMER_REPLY_CAP = 40;

interface StoredLlm {
  model?: string;
  baseUrl?: string;
  customerReplyCap?: number;
  creditsPerReply?: number;
  creditsEnforced?: boolean;
}

export async function loadLlmSettings(ctx: AppContext, workspaceId: string): Promise<LlmSettings> {
  const rows: Array<{ key: string; value: unknown }> = await ctx.db('settings').where({ workspace_id: workspaceId }).whereIn('key', [LLM, LLM_KEY]).select('key', 'value');
  const stored = (rows.find((r) => r.key === LLM)?.value ?? {}) as StoredLlm;
  const sealed = rows.find((r) => r.key === LLM_KEY)?.value as string | undefined;
  const baseUrl = stored.baseUrl ?? ctx.config.OPENAI_BASE_URL;
  const envKey = () => (ctx.config.OPENAI_API_KEY && sameServer(baseUrl, ctx.config.OPENAI_BASE_URL) ? ctx.config.OPENAI_API_KEY : null);
  return {
    apiKey: sealed ? decryptSecret(ctx.keys.encryptionKey, sealed, LLM_KEY_BINDING) : envKey(),
    model: stored.model ?? ctx.config.OPENAI_MODEL,
    baseUrl,
    customerReplyCap: stored.customerReplyCap ?? DEFAULT_CUSTOMER_REPLY_CAP,
    creditsPerReply: stored.creditsPerReply ?? 1,
    creditsEnforced: stored.creditsEnforced ?? false,
  };
}

export async function saveLlmSettings(ctx: AppContext, workspaceId: string, patch: LlmSettingsPatch): Promise<LlmSettings> {
  await ctx.db.transaction(async (trx) => {
    const row = await trx('settings').where({ workspace_id: workspaceId, key: LLM }).forUpdate().first('value');
    const { apiKey, ...rest } = patch;
    const current = (row?.value ?? {}) as StoredLlm;
    const movesServer = rest.baseUrl !== undefined && !sameServer(rest.baseUrl, current.baseUrl ?? ctx.config.OPENAI_BASE_URL);
    if (movesServer && apiKey === undefined && (await trx('settings').where({ workspace_id: workspaceId, key: LLM_KEY }).first('key'))) {
      throw keyRequired();
    }
    const next: StoredLlm = { ...current, ...rest };
    await putSetting(trx, workspaceId, LLM, next, false);
    if (apiKey === null) await trx('settings').where({ workspace_id: workspaceId, key: LLM_KEY }).delete();
    if (apiKey) await putSetting(trx, workspaceId, LLM_KEY, encryptSecret(ctx.keys.encryptionKey, apiKey, LLM_KEY_BINDING), true);
  });
  return loadLlmSettings(ctx, workspaceId);
}

/** The settings a test call uses: the stored ones, with the request's base URL and key on top. */
export async function settingsForTest(ctx: AppContext, workspaceId: string, req: LlmTestRequest): Promise<LlmSettings> {
  const s = await loadLlmSettings(ctx, workspaceId);
  if (req.baseUrl !== undefined && !sameServer(req.baseUrl, s.baseUrl) && req.apiKey === undefined) throw keyRequired();
  return { ...s, baseUrl: req.baseUrl ?? s.baseUrl, apiKey: req.apiKey ?? s.apiKey };
}

function keyRequired(): HttpError {
  return new HttpError(
    400,
    'api_key_required',
    'A new base URL needs the API key again: the stored key is only sent to the server it was entered for. Send apiKey with the new baseUrl (or apiKey: null to remove the key).',
  );
}

/** Same server and path, ignoring a trailing slash and the case of the scheme and host. */
function sameServer(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      return new URL(u).href.replace(/\/+$/, '');
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}

export async function putSetting(trx: Knex, workspaceId: string, key: string, value: unknown, isSecret: boolean): Promise<void> {
  const json = JSON.stringify(value);
  await trx('settings').insert({ workspace_id: workspaceId, key, value: json, is_secret: isSecret }).onConflict(['workspace_id', 'key']).merge({ value: json, updated_at: trx.fn.now() });
}
