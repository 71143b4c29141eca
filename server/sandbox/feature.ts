import type { Feature } from '../feature.ts';
import { sandboxRoutes } from './routes.ts';

/** The dashboard's way to the simulator; the simulator itself is mounted by app.ts (mount.ts). */
export const sandboxFeature: Feature = { name: 'sandbox', routes: sandboxRoutes };
