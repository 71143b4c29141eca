import type { Feature } from '../feature.ts';
import { metaRoutes } from './routes.ts';

export const healthFeature: Feature = { name: 'health', routes: metaRoutes };
