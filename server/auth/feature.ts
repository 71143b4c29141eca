import type { Feature } from '../feature.ts';
import { PURGE_REFRESH_TOKENS, purgeRefreshTokens } from './jobs.ts';
import { authRoutes } from './routes.ts';

export const authFeature: Feature = {
  name: 'auth',
  routes: authRoutes,
  scheduledJobs: [{ name: PURGE_REFRESH_TOKENS, cron: '17 3 * * *', run: purgeRefreshTokens }],
};
