import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, fetchOk } from './client.ts';
import type { CampaignDetailView, CampaignView, CreatedCampaignView, CsvPreview, FailureGroup } from '../../../server/campaigns/present.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type Campaign = CampaignView;
export type CampaignDetail = CampaignDetailView;
export type CampaignStatus = CampaignView['status'];
export type { CsvPreview };

export const CAMPAIGNS = 'campaigns';

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
export function useCampaignFailures(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [CAMPAIGNS, 'failures', id],
    queryFn: ({ signal }) => api<{ items: FailureGroup[] }>(`/campaigns/${id}/failures`, { signal }),
    select: (data) => data.items,
    enabled,
  });
}

/** The form goes as multipart with the fields before the file, so the server can refuse early. */
export async function createCampaign(form: { name: string; numberId: string; templateIds: string[]; scheduledAt: string; file: File }): Promise<CreatedCampaignView> {
  const body = new FormData();
  body.append('name', form.name);
  body.append('numberId', form.numberId);
  for (const id of form.templateIds) body.append('templateIds', id);
  if (form.scheduledAt) body.append('scheduledAt', form.scheduledAt);
  body.append('file', form.file, form.file.name);
  return (await fetchOk('/campaigns', { method: 'POST', body })).json();
}

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
