import { useQuery } from '@tanstack/react-query';
import { CAMPAIGNS } from './campaigns.ts';
import { api } from './client.ts';
import type { ChecklistView, OverviewView } from '../../../server/home/present.ts';
import type { RateSeries } from '../../../server/campaigns/present.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type { DayCounts, NumberRollup } from '../../../server/home/present.ts';
export type { RatePoint } from '../../../server/campaigns/present.ts';
export type Overview = OverviewView;

export function useChecklist() {
  return useQuery({ queryKey: ['home', 'checklist'], queryFn: ({ signal }) => api<ChecklistView>('/home/checklist', { signal }) });
}

/**
 * Under the 'campaigns' topic, so a sending campaign's batches refresh the cards and the chart;
 * delivered and read arrive by webhook without a campaign change, hence the 30 s refresh too.
 */
export function useOverview(days: number) {
  return useQuery({ queryKey: [CAMPAIGNS, 'overview', days], queryFn: ({ signal }) => api<Overview>(`/home/overview?days=${days}`, { signal }), refetchInterval: 30_000 });
}

export function useCampaignRate(id: string) {
  return useQuery({ queryKey: [CAMPAIGNS, 'rate', id], queryFn: ({ signal }) => api<RateSeries>(`/campaigns/${id}/rate`, { signal }) });
}
