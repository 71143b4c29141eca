import type { Feature } from '../feature.ts';
import { composeRoutes } from './routes.ts';

/** Replying from the inbox: messages, private notes, the reply window, templates for a conversation, canned replies. */
export const composeFeature: Feature = {
  name: 'compose',
  routes: composeRoutes,
};
