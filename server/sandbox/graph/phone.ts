// GET /{phone-number-id} (META-PLATFORM 8): what "Test connection" reads. Default fields
// id, display_phone_number, verified_name, quality_rating; `fields=` selects. A field the version
// does not know fails the whole call with code 100 (whatsapp_business_manager_messaging_limit
// exists from v24).
import type { Effective } from '../knobs.ts';
import type { WaNumber } from '../registry.ts';
import { authError, fail, ok, params, type GraphCtx, type Result } from './context.ts';
import { paramError } from './errors.ts';

const DEFAULT = ['id', 'display_phone_number', 'verified_name', 'quality_rating'];

function value(n: WaNumber, field: string, major: number): { ok: true; v: unknown } | { ok: false } {
  switch (field) {
    case 'id': return { ok: true, v: n.id };
    case 'display_phone_number': return { ok: true, v: n.displayPhoneNumber };
    case 'verified_name': return { ok: true, v: n.verifiedName };
    case 'quality_rating': return { ok: true, v: n.qualityRating };
    case 'status': return { ok: true, v: n.status };
    case 'platform_type': return { ok: true, v: n.platformType };
    case 'throughput': return { ok: true, v: { level: n.throughputLevel } };
    case 'name_status': return { ok: true, v: n.nameStatus };
    case 'code_verification_status': return { ok: true, v: n.codeVerificationStatus };
    case 'messaging_limit_tier': return { ok: true, v: n.messagingLimit };
    case 'whatsapp_business_manager_messaging_limit': return major >= 24 ? { ok: true, v: n.messagingLimit } : { ok: false };
  }
  return { ok: false };
}

export function getPhoneNumber(ctx: GraphCtx, n: WaNumber, k: Effective): Result {
  const meta = { objectId: n.id };
  const auth = authError(ctx, n.tokens, k);
  if (auth) return fail(ctx, auth, meta);
  const asked = params(ctx).get('fields');
  const fields = asked ? asked.split(',').map((f) => f.trim()).filter(Boolean) : DEFAULT;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'id') continue;
    const r = value(n, f, ctx.major);
    if (!r.ok) return fail(ctx, paramError(`Tried accessing nonexisting field (${f}) on node type (WhatsAppBusinessPhoneNumber)`), meta);
    out[f] = r.v;
  }
  out.id = n.id; // Graph always returns id, last
  return ok(out, meta);
}
