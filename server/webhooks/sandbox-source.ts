// Who signed a webhook: Meta (META_APP_SECRET) or this install's in-app simulator (its derived
// sandbox secret). Meta's bodies pay exactly one HMAC, as before. A sandbox-signed body is
// accepted only when everything it speaks for is a sandbox number of this install, so the
// simulator (or anyone who learnt its secret) can never forge events for a real number.
import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/knex.ts';
import { HttpError } from '../http/errors.ts';
import { sandboxKeys } from '../sandbox/keys.ts';
import { verifySignature } from './signature.ts';

const FRESH_MS = 30_000; // a deleted sandbox number stops being accepted within this time

interface SandboxIds {
  phoneNumberIds: Set<string>;
  /** WABAs whose live numbers are all sandbox numbers (a template event speaks for the whole WABA). */
  wabaIds: Set<string>;
  loadedAt: number;
}

/** What a WhatsApp body speaks for: each change's metadata.phone_number_id, else its entry's WABA id. */
export function claimedIds(body: unknown): { phoneNumberIds: string[]; wabaIds: string[] } | null {
  if (typeof body !== 'object' || body === null) return null;
  const { object, entry } = body as { object?: unknown; entry?: unknown };
  // Instagram/Messenger accounts cannot be sandbox accounts here, so the simulator never speaks for them.
  if (object !== 'whatsapp_business_account' || !Array.isArray(entry) || entry.length === 0) return null;
  const phoneNumberIds: string[] = [];
  const wabaIds: string[] = [];
  for (const e of entry as Array<{ id?: unknown; changes?: unknown } | null>) {
    const wabaId = typeof e?.id === 'string' ? e.id : null;
    const changes = Array.isArray(e?.changes) && e.changes.length ? (e.changes as Array<{ value?: { metadata?: { phone_number_id?: unknown } } } | null>) : [null];
    for (const c of changes) {
      const metadata = c?.value?.metadata;
      if (metadata && metadata.phone_number_id !== undefined) {
        if (typeof metadata.phone_number_id !== 'string') return null;
        phoneNumberIds.push(metadata.phone_number_id);
      } else if (wabaId) wabaIds.push(wabaId);
      else return null;
    }
  }
  return { phoneNumberIds, wabaIds };
}

async function loadSandboxIds(db: Db): Promise<SandboxIds> {
  const rows: Array<{ phone_number_id: string; waba_id: string; is_sandbox: boolean }> = await db('phone_numbers')
    .whereNull('deleted_at')
    .select('phone_number_id', 'waba_id', 'is_sandbox');
  const phoneNumberIds = new Set<string>();
  const sandboxWabas = new Set<string>();
  const realWabas = new Set<string>();
  for (const r of rows) {
    if (r.is_sandbox) {
      phoneNumberIds.add(r.phone_number_id);
      sandboxWabas.add(r.waba_id);
    } else realWabas.add(r.waba_id);
  }
  for (const w of realWabas) sandboxWabas.delete(w);
  return { phoneNumberIds, wabaIds: sandboxWabas, loadedAt: Date.now() };
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
  const covers = (ids: SandboxIds, claim: { phoneNumberIds: string[]; wabaIds: string[] }) =>
    claim.phoneNumberIds.every((id) => ids.phoneNumberIds.has(id)) && claim.wabaIds.every((id) => ids.wabaIds.has(id));

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
    if (!claim) throw refuse(req, raw, 'sandbox-signed body that names no sandbox number');
    const fresh = cache && Date.now() - cache.loadedAt < FRESH_MS ? cache : null;
    // A miss re-reads the table, so a sandbox number added a moment ago works at once.
    if (fresh && covers(fresh, claim)) return 'sandbox';
    const ids = await reload().catch((err: unknown) => {
      ctx.logger.warn({ err, requestId: req.id }, 'sandbox numbers could not be read');
      throw new HttpError(503, 'webhook_store_unavailable', 'The webhook could not be checked right now; retry later');
    });
    if (covers(ids, claim)) return 'sandbox';
    throw refuse(req, raw, 'sandbox-signed body for a number that is not a sandbox number');
  };
}
