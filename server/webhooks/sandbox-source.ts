// Who signed a webhook: Meta (META_APP_SECRET) or this install's in-app simulator (its derived
// sandbox secret). Meta's bodies pay exactly one HMAC, as before. A sandbox-signed body is
// accepted only when everything it speaks for is a sandbox account of this install, so the
// simulator (or anyone who learnt its secret) can never forge events for a real one.
import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/knex.ts';
import { HttpError } from '../http/errors.ts';
import { sandboxKeys } from '../sandbox/keys.ts';
import { verifySignature } from './signature.ts';

const FRESH_MS = 30_000; // a deleted sandbox account stops being accepted within this time

interface SandboxIds {
  /** `channel:external id` of every live sandbox account. */
  accounts: Set<string>;
  /** WABAs whose live numbers are all sandbox numbers (a template event speaks for the whole WABA). */
  wabaIds: Set<string>;
  loadedAt: number;
}

interface Claim {
  accounts: string[];
  wabaIds: string[];
}

const MESSAGING_CHANNEL: Record<string, string> = { instagram: 'instagram', page: 'messenger' };

/**
 * What a body speaks for: a WhatsApp change's metadata.phone_number_id, else its entry's WABA id;
 * an Instagram or Messenger entry's id (the IG account or the Page).
 */
export function claimedIds(body: unknown): Claim | null {
  if (typeof body !== 'object' || body === null) return null;
  const { object, entry } = body as { object?: unknown; entry?: unknown };
  if (!Array.isArray(entry) || entry.length === 0) return null;
  const claim: Claim = { accounts: [], wabaIds: [] };
  const messaging = typeof object === 'string' ? MESSAGING_CHANNEL[object] : undefined;
  if (messaging) {
    for (const e of entry as Array<{ id?: unknown } | null>) {
      if (typeof e?.id !== 'string') return null;
      claim.accounts.push(`${messaging}:${e.id}`);
    }
    return claim;
  }
  if (object !== 'whatsapp_business_account') return null;
  for (const e of entry as Array<{ id?: unknown; changes?: unknown } | null>) {
    const wabaId = typeof e?.id === 'string' ? e.id : null;
    const changes = Array.isArray(e?.changes) && e.changes.length ? (e.changes as Array<{ value?: { metadata?: { phone_number_id?: unknown } } } | null>) : [null];
    for (const c of changes) {
      const metadata = c?.value?.metadata;
      if (metadata && metadata.phone_number_id !== undefined) {
        if (typeof metadata.phone_number_id !== 'string') return null;
        claim.accounts.push(`whatsapp:${metadata.phone_number_id}`);
      } else if (wabaId) claim.wabaIds.push(wabaId);
      else return null;
    }
  }
  return claim;
}

async function loadSandboxIds(db: Db): Promise<SandboxIds> {
  const rows: Array<{ channel: string; external_id: string; waba_id: string | null; is_sandbox: boolean }> = await db('channel_accounts')
    .whereNull('deleted_at')
    .select('channel', 'external_id', 'waba_id', 'is_sandbox');
  const accounts = new Set<string>();
  const sandboxWabas = new Set<string>();
  const realWabas = new Set<string>();
  for (const r of rows) {
    if (r.is_sandbox) accounts.add(`${r.channel}:${r.external_id}`);
    if (r.waba_id) (r.is_sandbox ? sandboxWabas : realWabas).add(r.waba_id);
  }
  for (const w of realWabas) sandboxWabas.delete(w);
  return { accounts, wabaIds: sandboxWabas, loadedAt: Date.now() };
}

/**
 * The signature check of POST /webhooks/meta. Throws the 401 (or 503 when nothing can verify);
 * returns which secret matched.
 */
export function webhookSourceCheck(ctx: AppContext): (req: Request, raw: Buffer) => Promise<'meta' | 'sandbox'> {
  const sandboxSecret = sandboxKeys(ctx.keys.encryptionKey).webhookSecret;
  let cache: SandboxIds | null = null;
  let loading: Promise<SandboxIds> | null = null;
  const reload = () =>
    (loading ??= loadSandboxIds(ctx.db).then(
      (ids) => ((loading = null), (cache = ids)),
      (err) => {
        loading = null;
        throw err;
      },
    ));
  const covers = (ids: SandboxIds, claim: Claim) =>
    claim.accounts.every((id) => ids.accounts.has(id)) && claim.wabaIds.every((id) => ids.wabaIds.has(id));

  const refuse = (req: Request, raw: Buffer, why: string) => {
    ctx.logger.warn({ security: true, requestId: req.id, ip: req.ip, bytes: raw.length, why }, 'webhook signature mismatch');
    return new HttpError(401, 'invalid_signature', 'X-Hub-Signature-256 does not match the body signed with the app secret');
  };

  return async (req, raw) => {
    const header = req.header('x-hub-signature-256');
    const appSecret = ctx.keys.metaAppSecret;
    if (appSecret && verifySignature(appSecret, raw, header)) return 'meta';
    if (!verifySignature(sandboxSecret, raw, header)) {
      if (!appSecret) throw new HttpError(503, 'webhook_not_configured', 'META_APP_SECRET is not set; webhooks cannot be verified');
      throw refuse(req, raw, 'no secret matches');
    }
    let claim: ReturnType<typeof claimedIds> = null;
    try {
      claim = claimedIds(JSON.parse(raw.toString('utf8')));
    } catch {
      // not JSON: refused below, like any body the simulator has no right to send
    }
    if (!claim) throw refuse(req, raw, 'sandbox-signed body that names no sandbox account');
    const fresh = cache && Date.now() - cache.loadedAt < FRESH_MS ? cache : null;
    // A miss re-reads the table, so a sandbox account added a moment ago works at once.
    if (fresh && covers(fresh, claim)) return 'sandbox';
    const ids = await reload().catch((err: unknown) => {
      ctx.logger.warn({ err, requestId: req.id }, 'sandbox accounts could not be read');
      throw new HttpError(503, 'webhook_store_unavailable', 'The webhook could not be checked right now; retry later');
    });
    if (covers(ids, claim)) return 'sandbox';
    throw refuse(req, raw, 'sandbox-signed body for an account that is not a sandbox account');
  };
}
