import type { Feature } from '../feature.ts';
import { conversationRoutes } from './routes.ts';
import { reopenDueSnoozes } from './service.ts';

export const SNOOZE_JOB = 'conversations.reopen-snoozed';

export const conversationsFeature: Feature = {
  name: 'conversations',
  routes: conversationRoutes,
  scheduledJobs: [{ name: SNOOZE_JOB, cron: '* * * * *', run: async (ctx) => void (await reopenDueSnoozes(ctx)) }],
};
