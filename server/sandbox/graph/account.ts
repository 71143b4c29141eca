// GET /{ig-user-id} and GET /{page-id}: what "Test connection" reads for Instagram and Messenger
// (the app asks `fields=id,username,name` and `fields=id,name`). The token is checked exactly as
// on the Send API (190, or 190/463 for a token listed in expiredTokens), so a wrong or expired
// token fails the connection test the way it later fails sends. Without `fields`, Graph's
// defaults; a field the node does not have fails the whole call with code 100.
import type { Effective } from '../knobs.ts';
import type { MessagingAccount } from '../registry.ts';
import { authError, fail, ok, params, type GraphCtx, type Result } from './context.ts';
import { paramError } from './errors.ts';

const DEFAULT = { instagram: ['username', 'name', 'id'], messenger: ['name', 'id'] } as const;
const NODE_TYPE = { instagram: 'IGUser', messenger: 'Page' } as const;

/** A field's value; `undefined` when the node does not have it; `null` when it has it but the
 * account has no value (Graph leaves such fields out of the answer). */
function value(a: MessagingAccount, field: string): unknown {
  switch (field) {
    case 'id': return a.id;
    case 'name': return a.name;
    case 'username': return a.username;
  }
  if (a.platform === 'instagram') {
    switch (field) {
      case 'user_id': return a.id; // Instagram Login's app-scoped id: the same account here
      case 'profile_picture_url': return `https://scontent.cdninstagram.com/sandbox/${a.id}.jpg`;
      case 'followers_count': case 'follows_count': case 'media_count': return 0;
    }
  } else if (field === 'category') {
    return 'Shopping & retail';
  }
  return undefined;
}

export function getMessagingAccount(ctx: GraphCtx, a: MessagingAccount, k: Effective): Result {
  const meta = { objectId: a.id };
  const auth = authError(ctx, a.tokens, k);
  if (auth) return fail(ctx, auth, meta);
  const asked = params(ctx).get('fields');
  const fields: readonly string[] = asked ? asked.split(',').map((f) => f.trim()).filter(Boolean) : DEFAULT[a.platform];
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'id') continue;
    const v = value(a, f);
    if (v === undefined) return fail(ctx, paramError(`Tried accessing nonexisting field (${f}) on node type (${NODE_TYPE[a.platform]})`), meta);
    if (v !== null) out[f] = v;
  }
  out.id = a.id; // Graph always returns id; last, like GET /{phone-number-id} here
  return ok(out, meta);
}
