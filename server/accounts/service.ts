import type { AppContext } from '../context.ts';
import type { AccountAccess, AccountInfo, Channel, ChannelFailure } from '../channels/channel.ts';
import { CHANNEL_ADAPTERS } from '../channels/registry.ts';
import { summarizeGraphFailure } from '../channels/whatsapp/error-summary.ts';
import type { GraphClient } from '../channels/whatsapp/graph-client.ts';
import { HttpError, conflict, notFound } from '../http/errors.ts';
import { decryptSecret, encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { notify } from '../notifications/service.ts';
import { settleNumberCampaigns } from '../campaigns/guard-apply.ts';
import { publish } from '../events/bus.ts';
import { CONTROL_TOKEN_HEADER, sandboxKeys } from '../sandbox/keys.ts';
import * as q from './queries.ts';
import { externalIdOf, type AddAccountInput, type ConnectionInput } from './schema.ts';

// Channel accounts (WhatsApp numbers, Instagram accounts, Facebook Pages) share one lifecycle:
// added only once Test connection passes, token replaced (which reactivates), deleted (its
// conversations archived, history kept), and marked inactive with one notification when Meta
// says its token is dead (190). Sandbox accounts talk to the in-app simulator instead of Meta.
// A web chat widget is an account too (server/webchat/ creates and edits it), but it has no
// token at Meta: the token routes refuse it, and deleting works as for the others.

const LABEL: Record<Channel, string> = { whatsapp: 'WhatsApp number', instagram: 'Instagram account', messenger: 'Facebook Page', webchat: 'web chat widget' };
const ID_NAME: Record<Channel, string> = { whatsapp: 'phone number id', instagram: 'Instagram user id', messenger: 'Page id', webchat: 'widget key' };
const CHANNEL_NAME: Record<Channel, string> = { whatsapp: 'WhatsApp', instagram: 'Instagram', messenger: 'Messenger', webchat: 'Web chat' };

/** The token routes (replace, check) on a widget: a 422 pointing to where it is edited. */
function refuseWebchat(a: Pick<q.AccountRow, 'channel'>): void {
  if (a.channel === 'webchat') throw new HttpError(422, 'webchat_has_no_token', 'A web chat widget has no token: edit it in Channels > Web chat');
}

/** Where a channel call goes: Meta's Graph API, or the simulator for sandbox accounts. */
export function baseUrlFor(ctx: AppContext, sandbox: boolean): string {
  if (!sandbox) return ctx.config.META_GRAPH_BASE_URL;
  if (!ctx.sandboxUrl) throw new HttpError(409, 'sandbox_unavailable', 'The sandbox is disabled (SANDBOX_ENABLED=false and no SANDBOX_URL)');
  return `${ctx.sandboxUrl}/graph/v23.0`;
}

/** The WhatsApp Cloud API client a number talks through (campaigns, templates). */
export const graphFor = (ctx: AppContext, sandbox: boolean): GraphClient => ctx.graph.for(baseUrlFor(ctx, sandbox));

export const tokenOf = (ctx: AppContext, a: Pick<q.AccountRow, 'access_token_enc'>) => decryptSecret(ctx.keys.encryptionKey, a.access_token_enc, ACCOUNT_TOKEN);

export const accessOf = (ctx: AppContext, a: q.AccountRow): AccountAccess => ({ graph: ctx.graph, baseUrl: baseUrlFor(ctx, a.is_sandbox), externalId: a.external_id, token: tokenOf(ctx, a) });

/** "Test connection": Meta's view of the account with this token; a failure becomes a 422 naming Meta's code (never Meta's free text). */
export async function testConnection(ctx: AppContext, input: ConnectionInput): Promise<AccountInfo> {
  const channel = input.channel;
  const externalId = externalIdOf(input);
  const r = await CHANNEL_ADAPTERS[channel].describeAccount({ graph: ctx.graph, baseUrl: baseUrlFor(ctx, input.sandbox), externalId, token: input.accessToken });
  if (!r.ok) {
    logFailure(ctx, r, input.accessToken);
    throw connectionError(channel, r);
  }
  return r.info;
}

/** Meta's own words go to the debug log only, with the token masked should they echo it. */
function logFailure(ctx: AppContext, f: ChannelFailure, token: string): void {
  const reason = f.reason.split(token).join('[token]').replace(/\b(Bearer\s+)\S+/gi, '$1[redacted]').slice(0, 500);
  ctx.logger.debug({ code: f.code, subcode: f.subcode, httpStatus: f.httpStatus, reason }, 'Graph connection check failed');
}

function connectionError(channel: Channel, f: ChannelFailure): HttpError {
  const permission = channel === 'whatsapp' ? 'whatsapp_business_messaging/management' : channel === 'instagram' ? 'instagram_manage_messages' : 'pages_messaging';
  const what =
    f.kind === 'auth' ? 'the access token is invalid or expired'
    : f.kind === 'network' ? 'Meta could not be reached'
    : f.code === 100 ? `the ${ID_NAME[channel]} does not exist or this token cannot access it`
    : f.code === 10 || (f.code !== null && f.code >= 200 && f.code <= 299) ? `the token lacks the ${permission} permission`
    : 'Meta refused the request';
  const detail = f.kind === 'network' ? '' : ` (${summarizeGraphFailure(f)})`;
  return new HttpError(422, 'connection_failed', `Test connection failed: ${what}${detail}`, { metaCode: f.code, metaSubcode: f.subcode });
}

/**
 * Test connection before Save. On Meta the account exists before Parley knows it; the simulator
 * learns of a sandbox account only when told, so it is declared first, unless it is already
 * connected (its registration holds the connected account's token, which must keep working).
 */
export async function testNewConnection(ctx: AppContext, input: ConnectionInput): Promise<AccountInfo> {
  if (input.sandbox && !(await q.findLive(ctx.db, input.channel, externalIdOf(input)))) {
    baseUrlFor(ctx, true); // refuses clearly when the sandbox is off
    await registerSandboxAccount(ctx, input);
  }
  return testConnection(ctx, input);
}

/**
 * A sandbox account is declared to the simulator with its token (a number with its WABA, so
 * templates synced for that WABA can be sent from it exactly as on Meta). Before Save there is
 * no name or WABA yet: the simulator makes them up until Save declares the real ones.
 */
async function registerSandboxAccount(ctx: AppContext, input: ConnectionInput & { displayName?: string; wabaId?: string }): Promise<void> {
  const [path, body] =
    input.channel === 'whatsapp'
      ? ['/control/numbers', { phone_number_id: input.phoneNumberId, waba_id: input.wabaId, verified_name: input.displayName, access_tokens: [input.accessToken] }]
      : ['/control/accounts', { id: externalIdOf(input), platform: input.channel, name: input.displayName, access_tokens: [input.accessToken] }];
  const res = await fetch(`${ctx.sandboxUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: sandboxKeys(ctx.keys.encryptionKey).controlToken },
    body: JSON.stringify(body),
  }).catch((err: Error) => {
    throw new HttpError(502, 'sandbox_unreachable', `The sandbox simulator could not be reached: ${err.message}`);
  });
  if (!res.ok) {
    ctx.logger.debug({ status: res.status, body: (await res.text()).split(input.accessToken).join('[token]').slice(0, 300) }, 'sandbox refused an account');
    throw new HttpError(502, 'sandbox_refused', `The sandbox simulator refused the ${LABEL[input.channel]} (HTTP ${res.status})`);
  }
}

export async function addAccount(ctx: AppContext, workspaceId: string, input: AddAccountInput) {
  const externalId = externalIdOf(input);
  const taken = () => conflict(`${LABEL[input.channel]} ${externalId} is already connected`);
  if (await q.findLive(ctx.db, input.channel, externalId)) throw taken();
  if (input.sandbox) {
    baseUrlFor(ctx, true); // refuses clearly when the sandbox is off
    await registerSandboxAccount(ctx, input);
  }
  const info = await testConnection(ctx, input);
  try {
    const row = await q.insertAccount(ctx.db, {
      workspace_id: workspaceId,
      channel: input.channel,
      display_name: input.displayName,
      external_id: externalId,
      waba_id: input.channel === 'whatsapp' ? input.wabaId : null,
      ...infoColumns(info),
      access_token_enc: encryptSecret(ctx.keys.encryptionKey, input.accessToken, ACCOUNT_TOKEN),
      is_sandbox: input.sandbox,
    });
    if (input.systemPrompt.trim()) {
      await ctx.db('agents').insert({ workspace_id: workspaceId, number_id: row.id, name: `${input.displayName} agent`, mode: 'system_prompt', system_prompt: input.systemPrompt });
    }
    await publish(ctx, [{ type: 'account.changed', workspaceId, accountId: row.id, action: 'insert' }]);
    return row;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw taken();
    throw err;
  }
}

const infoColumns = (info: AccountInfo) => ({
  handle: info.handle,
  display_phone_number: info.displayPhoneNumber,
  verified_name: info.verifiedName,
  quality_rating: info.qualityRating,
});

const connectionOf = (a: q.AccountRow, accessToken: string): ConnectionInput =>
  a.channel === 'instagram' ? { channel: 'instagram', igUserId: a.external_id, accessToken, sandbox: a.is_sandbox }
  : a.channel === 'messenger' ? { channel: 'messenger', pageId: a.external_id, accessToken, sandbox: a.is_sandbox }
  : { channel: 'whatsapp', phoneNumberId: a.external_id, accessToken, sandbox: a.is_sandbox };

export async function replaceToken(ctx: AppContext, workspaceId: string, id: string, accessToken: string) {
  const a = await q.findAccount(ctx.db, workspaceId, id);
  if (!a) throw notFound('No such account');
  refuseWebchat(a);
  const info = await testConnection(ctx, connectionOf(a, accessToken));
  const row = await q.updateToken(ctx.db, id, encryptSecret(ctx.keys.encryptionKey, accessToken, ACCOUNT_TOKEN), infoColumns(info));
  await publish(ctx, [{ type: 'account.changed', workspaceId, accountId: id, action: 'update' }]);
  if (a.channel === 'whatsapp') await settleNumberCampaigns(ctx, id); // the token passed its test: what the expired one paused resumes
  return row;
}

export async function deleteAccount(ctx: AppContext, workspaceId: string, id: string): Promise<{ archivedConversations: number }> {
  const a = await q.findAccount(ctx.db, workspaceId, id);
  if (!a) throw notFound('No such account');
  const archivedConversations = await q.softDelete(ctx.db, id);
  await publish(ctx, [{ type: 'account.changed', workspaceId, accountId: id, action: 'delete' }]);
  if (a.channel === 'whatsapp') await settleNumberCampaigns(ctx, id);
  return { archivedConversations };
}

/**
 * Every Meta call on behalf of an account reports failures here: error 190 marks the account
 * inactive, raises one notification and pauses a number's sending campaigns until the token is
 * replaced.
 */
export async function handleAccountFailure(
  ctx: AppContext,
  a: Pick<q.AccountRow, 'id' | 'workspace_id' | 'display_name' | 'display_phone_number'> & Partial<Pick<q.AccountRow, 'token_updated_at' | 'channel' | 'handle'>>,
  f: ChannelFailure,
): Promise<void> {
  if (f.kind !== 'auth') return;
  if (!(await q.deactivate(ctx.db, a.id, `token expired or invalid (${summarizeGraphFailure(f)})`, a.token_updated_at))) return;
  const channel = a.channel ?? 'whatsapp';
  const shown = a.display_phone_number ?? a.handle;
  const label = shown ? `${a.display_name} (${shown})` : a.display_name;
  await notify(ctx, {
    workspaceId: a.workspace_id,
    type: 'token_expired',
    title: `${CHANNEL_NAME[channel]} token expired`,
    message: `${LABEL[channel]} ${label} token expired, please update`,
    actionUrl: `/channels?update=${a.id}`,
    relatedEntityType: 'channel_account',
    relatedEntityId: a.id,
  });
  await publish(ctx, [{ type: 'account.changed', workspaceId: a.workspace_id, accountId: a.id, action: 'update' }]);
  if (channel === 'whatsapp') await settleNumberCampaigns(ctx, a.id);
}

/** Re-checks a stored account with its stored token (the list's "Test" button). */
export async function checkStoredAccount(ctx: AppContext, workspaceId: string, id: string): Promise<AccountInfo> {
  const a = await q.findAccount(ctx.db, workspaceId, id);
  if (!a) throw notFound('No such account');
  refuseWebchat(a);
  const access = accessOf(ctx, a);
  const r = await CHANNEL_ADAPTERS[a.channel].describeAccount(access);
  if (!r.ok) {
    logFailure(ctx, r, access.token);
    await handleAccountFailure(ctx, a, r);
    throw connectionError(a.channel, r);
  }
  return r.info;
}
