import { useQuery } from '@tanstack/react-query';
import { CAMPAIGNS } from './campaigns.ts';
import { api } from './client.ts';

export interface ChecklistItem {
  key: 'number' | 'templates' | 'campaign' | 'replies';
  title: string;
  detail: string;
  href: string;
  done: boolean;
}

export interface DayCounts {
  sent: number;
  delivered: number;
  read: number;
  failed: number;
}

export interface NumberRollup {
  id: string;
  name: string;
  phone: string | null;
  daily: Array<DayCounts & { day: string }>;
}

export interface Overview {
  timeZone: string;
  /** YYYY-MM-DD in the app time zone, oldest first, today last. */
  days: string[];
  campaigns: { total: number; active: number; scheduled: number; completed: number };
  totals: DayCounts & { deliveryRate: number | null; readRate: number | null; failureRate: number | null };
  numbers: NumberRollup[];
}

export interface RatePoint {
  at: string;
  sentPerSecond: number;
  throttledPerSecond: number;
  errorsPerSecond: number;
  learnedRate: number;
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
