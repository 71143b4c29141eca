import { z } from 'zod';

// Home as the API shows it: the getting-started checklist and the activity overview. The pure
// cores (checklist.ts, rollups.ts) build these shapes; the frontend imports their types.

export const checklistItemView = z.object({
  key: z.enum(['number', 'templates', 'campaign', 'replies']),
  title: z.string(),
  detail: z.string(),
  /** The page where the step is done. */
  href: z.string(),
  done: z.boolean(),
});
export type ChecklistItem = z.infer<typeof checklistItemView>;

export const checklistView = z.object({
  items: z.array(checklistItemView),
  complete: z.boolean(),
});
export type ChecklistView = z.infer<typeof checklistView>;

export const dayCountsView = z.object({
  sent: z.number(),
  delivered: z.number(),
  read: z.number(),
  failed: z.number(),
});
export type DayCounts = z.infer<typeof dayCountsView>;

export const numberRollupView = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  /** One entry per day of the period, 0 where nothing happened. */
  daily: z.array(dayCountsView.extend({ day: z.string() })),
});
export type NumberRollup = z.infer<typeof numberRollupView>;

export const periodTotalsView = dayCountsView.extend({
  /** Of the messages Meta accepted, the share delivered / read; null before the first send. */
  deliveryRate: z.number().nullable(),
  readRate: z.number().nullable(),
  /** Of every send that ended (accepted or failed), the share that failed. */
  failureRate: z.number().nullable(),
});
export type PeriodTotals = z.infer<typeof periodTotalsView>;

export const campaignCountsView = z.object({
  total: z.number(),
  /** Sending or queued. */
  active: z.number(),
  scheduled: z.number(),
  completed: z.number(),
});
export type CampaignCounts = z.infer<typeof campaignCountsView>;

export const overviewView = z.object({
  timeZone: z.string(),
  /** YYYY-MM-DD in the app time zone, oldest first, today last. */
  days: z.array(z.string()),
  campaigns: campaignCountsView,
  /** The sums of the numbers' daily counts. */
  totals: periodTotalsView,
  numbers: z.array(numberRollupView),
});
export type OverviewView = z.infer<typeof overviewView>;
