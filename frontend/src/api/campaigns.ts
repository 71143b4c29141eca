import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, fetchOk } from './client.ts';
import type { CsvPreview } from '../../../server/campaigns/preview.ts';

export const CAMPAIGNS = 'campaigns';

export type CampaignStatus = 'scheduled' | 'queued' | 'running' | 'paused' | 'stopped' | 'completed' | 'failed';

export interface Campaign {
  id: string;
  number_id: string;
  number_name: string;
  name: string;
  status: CampaignStatus;
  scheduled_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  stopped_at: string | null;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  sent_count: number;
  failed_count: number;
  /** Why it failed, was stopped by the app, or paused. */
  failure_reason: string | null;
  /** What paused it: an expired token (resumes by itself once the token is updated) or failed sends. */
  pause_kind: 'token_expired' | 'failures' | null;
  is_test: boolean;
  created_at: string;
}

export interface CampaignStats {
  total: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  queued: number;
  deliveryRate: number | null;
  readRate: number | null;
  avgSendPerSecond: number | null;
  firstSentAt: string | null;
  lastSentAt: string | null;
}

export interface CampaignTemplate {
  id: string;
  name: string;
  language: string;
  position: number;
  first_contact: number;
  contact_count: number;
}

export interface CampaignDetail {
  campaign: Campaign & { number_phone: string | null };
  templates: CampaignTemplate[];
  stats: CampaignStats;
  durationSeconds: number | null;
}

export interface CreatedCampaign {
  id: string;
  status: CampaignStatus;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  message: string;
}

/** Live through the 'campaigns' topic; while one is sending, polled every 5 s as a safety net. */
const POLL_WHILE_ACTIVE_MS = 5_000;
const isActive = (s: CampaignStatus) => s === 'running' || s === 'queued';

export function useCampaigns() {
  return useQuery({
    queryKey: [CAMPAIGNS, 'list'],
    queryFn: ({ signal }) => api<{ items: Campaign[] }>('/campaigns?limit=100', { signal }),
    select: (data) => data.items,
    refetchInterval: (q) => (q.state.data?.items.some((c) => isActive(c.status)) ? POLL_WHILE_ACTIVE_MS : false),
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: [CAMPAIGNS, 'detail', id],
    queryFn: ({ signal }) => api<CampaignDetail>(`/campaigns/${id}`, { signal }),
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.campaign.status) ? POLL_WHILE_ACTIVE_MS : false),
  });
}

/** The campaign's failed contacts by Meta's error code, most frequent first. */
export interface FailureGroup {
  code: number | null;
  title: string;
  count: number;
}

export function useCampaignFailures(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [CAMPAIGNS, 'failures', id],
    queryFn: ({ signal }) => api<{ items: FailureGroup[] }>(`/campaigns/${id}/failures`, { signal }),
    select: (data) => data.items,
    enabled,
  });
}

/** The form goes as multipart with the fields before the file, so the server can refuse early. */
export async function createCampaign(form: { name: string; numberId: string; templateIds: string[]; scheduledAt: string; file: File }): Promise<CreatedCampaign> {
  const body = new FormData();
  body.append('name', form.name);
  body.append('numberId', form.numberId);
  for (const id of form.templateIds) body.append('templateIds', id);
  if (form.scheduledAt) body.append('scheduledAt', form.scheduledAt);
  body.append('file', form.file, form.file.name);
  return (await fetchOk('/campaigns', { method: 'POST', body })).json();
}

// The preview's type is the server's own (a type-only import: nothing of the server is bundled).
export type { CsvPreview };

/** Enough for the first rows of any sane file; the preview never needs the whole upload. */
const PREVIEW_BYTES = 256 * 1024;

/** The first rows as the server will read them. Only the file's start is sent, cut after a line end. */
export async function previewCsv(file: File, templateIds: string[], signal?: AbortSignal): Promise<CsvPreview> {
  let part: Blob = file;
  if (file.size > PREVIEW_BYTES) {
    const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
    const utf16le = head[0] === 0xff && head[1] === 0xfe;
    const newline = head.lastIndexOf(0x0a);
    if (newline > 0) part = file.slice(0, newline + (utf16le ? 2 : 1)); // UTF-16 LE writes "\n" as 0A 00
  }
  const body = new FormData();
  for (const id of templateIds) body.append('templateIds', id);
  body.append('file', part, file.name);
  return (await fetchOk('/campaigns/preview', { method: 'POST', body, signal })).json();
}

export function useCampaignAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'stop' | 'resume' | 'delete') =>
      action === 'delete' ? api<unknown>(`/campaigns/${id}`, { method: 'DELETE' }) : api<unknown>(`/campaigns/${id}/${action}`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [CAMPAIGNS] }),
  });
}
