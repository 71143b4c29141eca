import type { AppContext } from '../context.ts';
import type { GraphFailure } from '../channels/whatsapp/errors.ts';
import { summarizeGraphFailure } from '../channels/whatsapp/error-summary.ts';
import type { GraphClient, PhoneNumberInfo } from '../channels/whatsapp/graph-client.ts';
import { HttpError, conflict, notFound } from '../http/errors.ts';
import { decryptSecret, encryptSecret } from '../lib/crypto.ts';
import { NUMBER_TOKEN } from '../secrets/bindings.ts';
import { notify } from '../notifications/service.ts';
import { settleNumberCampaigns } from '../campaigns/guard-apply.ts';
import { publishChange } from '../realtime/hub.ts';
import { CONTROL_TOKEN_HEADER, sandboxKeys } from '../sandbox/keys.ts';
import * as q from './queries.ts';

/** The Graph client a number talks through: Meta's API, or the simulator for sandbox numbers. */
export function graphFor(ctx: AppContext, sandbox: boolean): GraphClient {
  if (!sandbox) return ctx.graph.for(ctx.config.META_GRAPH_BASE_URL);
  if (!ctx.sandboxUrl) throw new HttpError(409, 'sandbox_unavailable', 'The sandbox is disabled (SANDBOX_ENABLED=false and no SANDBOX_URL)');
  return ctx.graph.for(`${ctx.sandboxUrl}/graph/v23.0`);
}

export const tokenOf = (ctx: AppContext, n: q.NumberRow) => decryptSecret(ctx.keys.encryptionKey, n.access_token_enc, NUMBER_TOKEN);

/** "Test connection": GET /{phone-number-id} with the token; a failure becomes a 422 naming Meta's code (never Meta's free text). */
export async function testConnection(ctx: AppContext, input: { phoneNumberId: string; accessToken: string; sandbox: boolean }): Promise<PhoneNumberInfo> {
  const r = await graphFor(ctx, input.sandbox).getPhoneNumber(input.phoneNumberId, input.accessToken);
  if (!r.ok) {
    logFailure(ctx, r, input.accessToken);
    throw connectionError(r);
  }
  return r.phone;
}

/** Meta's own words go to the debug log only, with the token masked should they echo it. */
function logFailure(ctx: AppContext, f: GraphFailure, token: string): void {
  const reason = f.reason.split(token).join('[token]').replace(/\b(Bearer\s+)\S+/gi, '$1[redacted]').slice(0, 500);
  ctx.logger.debug({ code: f.code, subcode: f.subcode, httpStatus: f.httpStatus, reason }, 'Graph connection check failed');
}

function connectionError(f: GraphFailure): HttpError {
  const what =
    f.kind === 'auth' ? 'the access token is invalid or expired'
    : f.kind === 'network' ? 'Meta could not be reached'
    : f.code === 100 ? 'the phone number id does not exist or this token cannot access it'
    : f.code === 10 || f.code === 200 ? 'the token lacks the whatsapp_business_messaging/management permission'
    : 'Meta refused the request';
  const detail = f.kind === 'network' ? '' : ` (${summarizeGraphFailure(f)})`;
  return new HttpError(422, 'connection_failed', `Test connection failed: ${what}${detail}`, {
    metaCode: f.code,
    metaSubcode: f.subcode,
  });
}

/**
 * A sandbox number is declared to the simulator with its WABA and token, so that templates synced
 * for that WABA can be sent from it exactly as on Meta.
 */
async function registerSandboxNumber(ctx: AppContext, input: { phoneNumberId: string; wabaId: string; accessToken: string; displayName: string }): Promise<void> {
  const res = await fetch(`${ctx.sandboxUrl}/control/numbers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: sandboxKeys(ctx.keys.encryptionKey).controlToken },
    body: JSON.stringify({ phone_number_id: input.phoneNumberId, waba_id: input.wabaId, verified_name: input.displayName, access_tokens: [input.accessToken] }),
  }).catch((err: Error) => {
    throw new HttpError(502, 'sandbox_unreachable', `The sandbox simulator could not be reached: ${err.message}`);
  });
  if (!res.ok) {
    ctx.logger.debug({ status: res.status, body: (await res.text()).split(input.accessToken).join('[token]').slice(0, 300) }, 'sandbox refused a number');
    throw new HttpError(502, 'sandbox_refused', `The sandbox simulator refused the number (HTTP ${res.status})`);
  }
}

export async function addNumber(ctx: AppContext, workspaceId: string, input: { displayName: string; phoneNumberId: string; wabaId: string; accessToken: string; systemPrompt: string; sandbox: boolean }) {
  if (await q.findLiveByPhoneNumberId(ctx.db, input.phoneNumberId)) throw conflict(`Phone number id ${input.phoneNumberId} is already connected`);
  if (input.sandbox) {
    graphFor(ctx, true); // refuses clearly when the sandbox is off
    await registerSandboxNumber(ctx, input);
  }
  const info = await testConnection(ctx, input);
  try {
    const row = await q.insertNumber(ctx.db, {
      workspace_id: workspaceId,
      display_name: input.displayName,
      phone_number_id: input.phoneNumberId,
      waba_id: input.wabaId,
      display_phone_number: info.display_phone_number ?? null,
      verified_name: info.verified_name ?? null,
      quality_rating: info.quality_rating ?? null,
      access_token_enc: encryptSecret(ctx.keys.encryptionKey, input.accessToken, NUMBER_TOKEN),
      is_sandbox: input.sandbox,
    });
    if (input.systemPrompt.trim()) {
      await ctx.db('agents').insert({ workspace_id: workspaceId, number_id: row.id, name: `${input.displayName} agent`, mode: 'system_prompt', system_prompt: input.systemPrompt });
    }
    await publishChange(ctx.db, { workspaceId, topic: 'numbers', action: 'insert', id: row.id });
    return row;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw conflict(`Phone number id ${input.phoneNumberId} is already connected`);
    throw err;
  }
}

export async function replaceToken(ctx: AppContext, workspaceId: string, id: string, accessToken: string) {
  const n = await q.findNumber(ctx.db, workspaceId, id);
  if (!n) throw notFound('No such number');
  const info = await testConnection(ctx, { phoneNumberId: n.phone_number_id, accessToken, sandbox: n.is_sandbox });
  const row = await q.updateToken(ctx.db, id, encryptSecret(ctx.keys.encryptionKey, accessToken, NUMBER_TOKEN), {
    display_phone_number: info.display_phone_number,
    verified_name: info.verified_name,
    quality_rating: info.quality_rating,
  });
  await publishChange(ctx.db, { workspaceId, topic: 'numbers', action: 'update', id });
  await settleNumberCampaigns(ctx, id); // the token passed its test: what the expired one paused resumes
  return row;
}

export async function deleteNumber(ctx: AppContext, workspaceId: string, id: string): Promise<{ archivedConversations: number }> {
  const n = await q.findNumber(ctx.db, workspaceId, id);
  if (!n) throw notFound('No such number');
  const archivedConversations = await q.softDelete(ctx.db, id);
  await publishChange(ctx.db, { workspaceId, topic: 'numbers', action: 'delete', id });
  await settleNumberCampaigns(ctx, id);
  return { archivedConversations };
}

/**
 * Every Graph call on behalf of a number reports failures here: error 190 marks the number
 * inactive, raises one notification and pauses its sending campaigns until the token is replaced.
 */
export async function handleGraphFailure(
  ctx: AppContext,
  n: Pick<q.NumberRow, 'id' | 'workspace_id' | 'display_name' | 'display_phone_number'> & Partial<Pick<q.NumberRow, 'token_updated_at'>>,
  f: GraphFailure,
): Promise<void> {
  if (f.kind !== 'auth') return;
  if (!(await q.deactivate(ctx.db, n.id, `token expired or invalid (${summarizeGraphFailure(f)})`, n.token_updated_at))) return;
  const label = n.display_phone_number ? `${n.display_name} (${n.display_phone_number})` : n.display_name;
  await notify(ctx.db, {
    workspaceId: n.workspace_id,
    type: 'token_expired',
    title: 'WhatsApp token expired',
    message: `WhatsApp number ${label} token expired, please update`,
    actionUrl: `/numbers?update=${n.id}`,
    relatedEntityType: 'phone_number',
    relatedEntityId: n.id,
  });
  await publishChange(ctx.db, { workspaceId: n.workspace_id, topic: 'numbers', action: 'update', id: n.id });
  await settleNumberCampaigns(ctx, n.id);
}

/** Re-checks a stored number with its stored token (the list's "Test" button). */
export async function checkStoredNumber(ctx: AppContext, workspaceId: string, id: string) {
  const n = await q.findNumber(ctx.db, workspaceId, id);
  if (!n) throw notFound('No such number');
  const token = tokenOf(ctx, n);
  const r = await graphFor(ctx, n.is_sandbox).getPhoneNumber(n.phone_number_id, token);
  if (!r.ok) {
    logFailure(ctx, r, token);
    await handleGraphFailure(ctx, n, r);
    throw connectionError(r);
  }
  return r.phone;
}
