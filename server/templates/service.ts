import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { findNumber } from '../accounts/queries.ts';
import { publish } from '../events/bus.ts';
import { enqueueSync } from './jobs.ts';
import { findTemplate, recordTransitions, stateColumns, stateOf, type TemplateRow } from './queries.ts';
import { canUnquarantine } from './rules.ts';

/** Only an admin lifts a quarantine, and only for a UTILITY template (audited, source admin). */
export async function unquarantine(ctx: AppContext, workspaceId: string, id: string, actorEmail: string): Promise<TemplateRow> {
  const t = await findTemplate(ctx.db, workspaceId, id);
  if (!t) throw notFound('No such template');
  const check = canUnquarantine(stateOf(t));
  if (!check.ok) throw new HttpError(409, 'unquarantine_refused', `Cannot release this template: ${check.reason}`);
  const next = { ...stateOf(t), isQuarantined: false };
  const row = await ctx.db.transaction(async (trx) => {
    const [updated] = await trx('templates').where({ id }).update(stateColumns(next, null)).returning<TemplateRow[]>('*');
    await recordTransitions(trx, t, 'admin', [{ field: 'quarantine', oldValue: 'true', newValue: 'false', detail: `released by ${actorEmail}` }]);
    return updated;
  });
  await publish(ctx, [{ type: 'templates.changed', workspaceId }]);
  return row;
}

export async function requestSync(ctx: AppContext, workspaceId: string, numberId?: string) {
  if (!numberId) return { jobs: await enqueueSync(ctx, { workspaceId }) };
  const number = await findNumber(ctx.db, workspaceId, numberId);
  if (!number) throw notFound('No such number');
  if (!number.is_active) throw new HttpError(409, 'number_inactive', `Number ${number.display_name} is inactive (${number.inactive_reason}); update its token first`);
  return { jobs: await enqueueSync(ctx, { number }) };
}
