// The app's side of the in-app simulator's memory. The simulator keeps numbers and templates in
// process memory only, while the database keeps listing them as connected and approved: after a
// restart (or POST /control/reset) every sandbox send would fail with 132001 and the next
// template sync would mark every template deleted. So on start, and after each reset, the app
// declares again what its database holds: the sandbox numbers with their WABA and token, the
// templates of those WABAs as last synced, and the webhook URL to call back.
// (The simulator itself imports nothing from the app; this file is glue, like mount.ts.)
import type { AppContext } from '../context.ts';
import { decryptSecret } from '../lib/crypto.ts';
import type { NumberRow } from '../accounts/queries.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import type { TemplateRow } from '../templates/queries.ts';
import type { Sandbox } from './index.ts';
import type { AccountInput, NumberInput } from './registry.ts';
import type { SeedTemplate } from './state.ts';

export type SandboxNumberRow = Pick<NumberRow, 'channel' | 'external_id' | 'waba_id' | 'display_phone_number' | 'verified_name' | 'display_name' | 'quality_rating' | 'access_token_enc'>;
export type SandboxTemplateRow = Pick<TemplateRow, 'waba_id' | 'meta_template_id' | 'name' | 'language' | 'status' | 'category' | 'correct_category' | 'parameter_format' | 'components' | 'quality_score'> & { rejected_reason: string | null };

export interface SandboxSeed {
  numbers: NumberInput[];
  /** Instagram accounts and Facebook Pages. */
  accounts: AccountInput[];
  templates: SeedTemplate[];
  /** External ids of accounts whose token does not open with the current key: left out, the account fails its test connection. */
  unreadable: string[];
}

/** Rows as the database holds them -> what the simulator is told. `openToken` throws for a token sealed with another key. */
export function sandboxSeed(numbers: SandboxNumberRow[], templates: SandboxTemplateRow[], openToken: (sealed: string) => string, nowMs: number): SandboxSeed {
  const seed: SandboxSeed = { numbers: [], accounts: [], templates: [], unreadable: [] };
  for (const n of numbers) {
    let token: string;
    try {
      token = openToken(n.access_token_enc);
    } catch {
      seed.unreadable.push(n.external_id);
      continue;
    }
    if (n.channel !== 'whatsapp') {
      seed.accounts.push({ id: n.external_id, platform: n.channel, name: n.verified_name ?? n.display_name, access_tokens: [token] });
      continue;
    }
    seed.numbers.push({
      phone_number_id: n.external_id,
      waba_id: n.waba_id!,
      verified_name: n.verified_name ?? n.display_name,
      ...(n.display_phone_number ? { display_phone_number: n.display_phone_number } : {}),
      ...(n.quality_rating ? { quality_rating: n.quality_rating } : {}),
      access_tokens: [token],
    });
  }
  for (const t of templates) {
    seed.templates.push({
      waba_id: t.waba_id,
      id: t.meta_template_id,
      name: t.name,
      language: t.language,
      status: t.status,
      category: t.category,
      components: Array.isArray(t.components) ? (t.components as Array<Record<string, unknown>>) : [],
      ...(t.parameter_format === 'NAMED' || t.parameter_format === 'POSITIONAL' ? { parameter_format: t.parameter_format } : {}),
      ...(t.correct_category ? { correct_category: t.correct_category } : {}),
      ...(t.quality_score ? { quality_score: { score: t.quality_score, date: Math.floor(nowMs / 1000) } } : {}),
      ...(t.rejected_reason ? { rejected_reason: t.rejected_reason } : {}),
    });
  }
  return seed;
}

/** Every workspace's live sandbox accounts and the live templates of their WABAs. */
async function readSeed(ctx: AppContext): Promise<SandboxSeed> {
  const numbers: SandboxNumberRow[] = await ctx.db('channel_accounts')
    .where({ is_sandbox: true })
    .whereNull('deleted_at')
    .orderBy('created_at')
    .select('channel', 'external_id', 'waba_id', 'display_phone_number', 'verified_name', 'display_name', 'quality_rating', 'access_token_enc');
  const wabas = [...new Set(numbers.flatMap((n) => (n.waba_id ? [n.waba_id] : [])))];
  const templates: SandboxTemplateRow[] = wabas.length === 0 ? [] : await ctx.db('templates')
    .whereIn('waba_id', wabas)
    .where({ is_active: true })
    .orderBy('created_at')
    .select('waba_id', 'meta_template_id', 'name', 'language', 'status', 'category', 'correct_category', 'parameter_format', 'components', 'quality_score', 'rejected_reason');
  return sandboxSeed(numbers, templates, (sealed) => decryptSecret(ctx.keys.encryptionKey, sealed, ACCOUNT_TOKEN), Date.now());
}

/**
 * The last message of each customer of a sandbox account in the past 7 days (Messenger's longest
 * window, for a person's reply): the simulator enforces the messaging windows from them.
 */
async function recentWindows(ctx: AppContext): Promise<Array<{ object_id: string; user: string; at: number }>> {
  const { rows } = await ctx.db.raw(
    `select a.external_id as object_id, k.external_id as "user", (extract(epoch from max(m.sent_at)) * 1000)::bigint as at
       from messages m
       join channel_accounts a on a.id = m.account_id and a.is_sandbox and a.deleted_at is null
       join contact_identities k on k.id = m.identity_id
      where m.direction = 'inbound' and m.sent_at > now() - interval '7 days'
      group by 1, 2`,
  );
  return (rows as Array<{ object_id: string; user: string; at: string }>).map((r) => ({ ...r, at: Number(r.at) }));
}

/** Points the simulator's webhooks at this app and declares the database's sandbox accounts, templates and open windows to it. */
export async function restoreSandbox(ctx: AppContext, sandbox: Sandbox, webhookUrl: string): Promise<void> {
  const seed = await readSeed(ctx);
  const windows = await recentWindows(ctx);
  const steps: Array<[string, string, unknown]> = [['PATCH', '/control/knobs', { webhookUrl }]];
  if (seed.numbers.length) steps.push(['POST', '/control/numbers', { numbers: seed.numbers }]);
  for (const account of seed.accounts) steps.push(['POST', '/control/accounts', account]);
  if (seed.templates.length) steps.push(['POST', '/control/templates', { templates: seed.templates }]);
  if (windows.length) steps.push(['POST', '/control/windows', { windows }]);
  for (const [method, path, body] of steps) {
    const reply = await sandbox.control.call(method, path, body);
    if (reply.status !== 200) ctx.logger.error({ path, status: reply.status, error: reply.body }, 'sandbox: restoring its state from the database was refused');
  }
  if (seed.unreadable.length) ctx.logger.warn({ accounts: seed.unreadable }, 'sandbox: accounts whose token does not open with ENCRYPTION_KEY were not restored');
  ctx.logger.info({ numbers: seed.numbers.length, accounts: seed.accounts.length, templates: seed.templates.length, windows: windows.length }, 'sandbox: state restored from the database');
}
