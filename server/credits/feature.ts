import type { Feature } from '../feature.ts';
import { creditRoutes } from './routes.ts';

export const creditsFeature: Feature = { name: 'credits', routes: creditRoutes };
