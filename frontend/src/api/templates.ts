import { useQuery } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';

export const TEMPLATES = 'templates';

export type TemplateStateFilter = 'sendable' | 'quarantined' | 'inactive' | 'all';

/** One entry of Meta's components array (only the fields the dashboard reads). */
export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS' | string;
  format?: string;
  text?: string;
  example?: {
    header_text?: string[];
    header_text_named_params?: Array<{ param_name: string; example: string }>;
    body_text?: string[][];
    body_text_named_params?: Array<{ param_name: string; example: string }>;
  };
  buttons?: Array<{ type: string; text: string; url?: string; phone_number?: string }>;
}

export interface Template {
  id: string;
  waba_id: string;
  meta_template_id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  correct_category: string | null;
  parameter_format: string | null;
  components: TemplateComponent[] | null;
  quality_score: string | null;
  rejected_reason: string | null;
  is_active: boolean;
  is_quarantined: boolean;
  quarantine_reason: string | null;
  quarantined_at: string | null;
  is_test: boolean;
  last_synced_at: string | null;
}

export interface TemplateChange {
  field: 'category' | 'status' | 'quarantine' | 'active';
  old_value: string | null;
  new_value: string | null;
  source: 'sync' | 'webhook' | 'admin';
  detail: string | null;
  created_at: string;
}

export interface TemplateFilters {
  numberId: string;
  state: TemplateStateFilter;
  search: string;
}

export function useTemplates(filters: TemplateFilters) {
  return useQuery({
    queryKey: [TEMPLATES, 'list', filters],
    queryFn: ({ signal }) => api<{ items: Template[] }>(`/templates${qs({ ...filters })}`, { signal }),
    select: (data) => data.items,
    placeholderData: (previous) => previous,
  });
}

export function useTemplate(id: string | null) {
  return useQuery({
    queryKey: [TEMPLATES, 'detail', id],
    queryFn: ({ signal }) => api<{ template: Template; history: TemplateChange[] }>(`/templates/${id}`, { signal }),
    enabled: !!id,
  });
}

/** Campaigns may use it: active, not quarantined, APPROVED and UTILITY (mirrors the server's rule). */
export const isSendable = (t: Template) => t.is_active && !t.is_quarantined && t.status === 'APPROVED' && t.category === 'UTILITY';
