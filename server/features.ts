import { accountsFeature } from './accounts/feature.ts';
import { agentsFeature } from './agents/feature.ts';
import { auditFeature } from './audit/feature.ts';
import { authFeature } from './auth/feature.ts';
import { composeFeature } from './compose/feature.ts';
import { conversationsFeature } from './conversations/feature.ts';
import { campaignsFeature } from './campaigns/feature.ts';
import { creditsFeature } from './credits/feature.ts';
import type { Feature } from './feature.ts';
import { healthFeature } from './health/feature.ts';
import { homeFeature } from './home/feature.ts';
import { inboxFeature } from './inbox/feature.ts';
import type { QueueJob, ScheduledJob } from './jobs/schedule.ts';
import { leadsFeature } from './leads/feature.ts';
import { notificationsFeature } from './notifications/feature.ts';
import { realtimeFeature } from './realtime/feature.ts';
import { sandboxFeature } from './sandbox/feature.ts';
import { settingsFeature } from './settings/feature.ts';
import { teamFeature } from './team/feature.ts';
import { templatesFeature } from './templates/feature.ts';
import { webchatFeature } from './webchat/feature.ts';
import { webhooksFeature } from './webhooks/feature.ts';

/** Parley, feature by feature: the one list the HTTP app and boot assemble from. */
export const FEATURES: readonly Feature[] = [
  healthFeature,
  authFeature,
  realtimeFeature,
  homeFeature,
  accountsFeature,
  inboxFeature,
  conversationsFeature,
  composeFeature,
  notificationsFeature,
  templatesFeature,
  campaignsFeature,
  agentsFeature,
  settingsFeature,
  creditsFeature,
  leadsFeature,
  teamFeature,
  auditFeature,
  webchatFeature,
  sandboxFeature,
  webhooksFeature,
];

export const scheduledJobs: ScheduledJob[] = FEATURES.flatMap((f) => f.scheduledJobs ?? []);
export const queueJobs: QueueJob[] = FEATURES.flatMap((f) => f.queueJobs ?? []);
