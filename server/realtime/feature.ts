import type { Feature } from '../feature.ts';
import { realtimeRoutes } from './routes.ts';

export const realtimeFeature: Feature = { name: 'realtime', routes: realtimeRoutes };
