import type { AppContext } from '../context.ts';
import { deleteDeadRefreshTokens } from './queries.ts';

export const PURGE_REFRESH_TOKENS = 'maintenance.purge-refresh-tokens';

export async function purgeRefreshTokens(ctx: AppContext): Promise<void> {
  const deleted = await deleteDeadRefreshTokens(ctx.db);
  if (deleted) ctx.logger.info({ deleted }, 'expired refresh tokens purged');
}
