import { useQuery } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';
import type { SyncQueuedView, TemplateChangeView, TemplateComponent, TemplateDetailView, TemplateListView, TemplateView } from '../../../server/templates/present.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type Template = TemplateView;
export type TemplateChange = TemplateChangeView;
export type { SyncQueuedView, TemplateComponent };

export const TEMPLATES = 'templates';

export type TemplateStateFilter = 'sendable' | 'quarantined' | 'inactive' | 'all';

export interface TemplateFilters {
  numberId: string;
  state: TemplateStateFilter;
  search: string;
}

export function useTemplates(filters: TemplateFilters) {
  return useQuery({
    queryKey: [TEMPLATES, 'list', filters],
    queryFn: ({ signal }) => api<TemplateListView>(`/templates${qs({ ...filters })}`, { signal }),
    select: (data) => data.items,
    placeholderData: (previous) => previous,
  });
}

export function useTemplate(id: string | null) {
  return useQuery({
    queryKey: [TEMPLATES, 'detail', id],
    queryFn: ({ signal }) => api<TemplateDetailView>(`/templates/${id}`, { signal }),
    enabled: !!id,
  });
}

/** Campaigns may use it: active, not quarantined, APPROVED and UTILITY (mirrors the server's rule). */
export const isSendable = (t: Template) => t.isActive && !t.isQuarantined && t.status === 'APPROVED' && t.category === 'UTILITY';
