import { useQuery } from '@tanstack/react-query';
import { CAMPAIGNS } from './campaigns.ts';
import { api } from './client.ts';
import type { ChecklistItem } from '../../../server/home/checklist.ts';
import type { NumberRollup, PeriodTotals } from '../../../server/home/rollups.ts';
import type { RatePoint } from '../../../server/campaigns/rate-series.ts';

// The response types are the server's own (type-only imports: nothing of the server is bundled).
export type { ChecklistItem, NumberRollup, PeriodTotals, RatePoint };
export type { DayCounts } from '../../../server/home/rollups.ts';

export interface Overview {
  timeZone: string;
  /** YYYY-MM-DD in the app time zone, oldest first, today last. */
  days: string[];
  campaigns: { total: number; active: number; scheduled: number; completed: number };
  totals: PeriodTotals;
  numbers: NumberRollup[];
}

export function useChecklist() {
  return useQuery({ queryKey: ['home', 'checklist'], queryFn: ({ signal }) => api<{ items: ChecklistItem[]; complete: boolean }>('/home/checklist', { signal }) });
}

/**
 * Under the 'campaigns' topic, so a sending campaign's batches refresh the cards and the chart;
 * delivered and read arrive by webhook without a campaign change, hence the 30 s refresh too.
 */
export function useOverview(days: number) {
  return useQuery({ queryKey: [CAMPAIGNS, 'overview', days], queryFn: ({ signal }) => api<Overview>(`/home/overview?days=${days}`, { signal }), refetchInterval: 30_000 });
}

export function useCampaignRate(id: string) {
  return useQuery({ queryKey: [CAMPAIGNS, 'rate', id], queryFn: ({ signal }) => api<{ bucketSeconds: number; points: RatePoint[] }>(`/campaigns/${id}/rate`, { signal }) });
}
