import type { Feature } from '../feature.ts';
import { accountRoutes } from './routes.ts';

export const accountsFeature: Feature = { name: 'accounts', routes: accountRoutes };
