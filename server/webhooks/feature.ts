import type { Feature } from '../feature.ts';
import { startWebhookProcessor } from './processor.ts';

/** Its endpoint reads the raw body before any JSON parser, so app.ts mounts it first (routes.ts). */
export const webhooksFeature: Feature = {
  name: 'webhooks',
  workers: [{ name: 'webhook processor', start: (ctx) => startWebhookProcessor(ctx) }],
};
