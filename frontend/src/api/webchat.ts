import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ACCOUNTS } from './accounts.ts';
import { api } from './client.ts';
import { INBOX } from './inbox.ts';
import type { PublicWidgetView, WidgetSettings, WidgetView, widgetListView, widgetSettings } from '../../../server/webchat/schema.ts';

// Channels > Web chat: the website chat widgets (admins only). The types are the server's own
// contract (type-only imports: nothing of the server is bundled).
export type { PublicWidgetView, WidgetSettings, WidgetView };
/** What PUT and POST take (POST fills defaults for what is absent; the editor always sends all of it). */
export type WidgetSettingsInput = z.input<typeof widgetSettings>;
export type PreChatMode = WidgetSettings['preChat']['name'];
export type OpeningSpan = WidgetSettings['businessHours']['days'][number];

/**
 * A widget is a channel account: its key starts with the accounts' live-update topic, so a widget
 * deleted or renamed elsewhere (or an account change) refreshes the list.
 */
const WIDGETS = [ACCOUNTS, 'webchat-widgets'] as const;

export function useWidgets() {
  return useQuery({
    queryKey: WIDGETS,
    queryFn: ({ signal }) => api<z.infer<typeof widgetListView>>('/webchat/widgets', { signal }),
    select: (data) => data.widgets,
  });
}

export function useWidget(id: string | null) {
  return useQuery({
    queryKey: [...WIDGETS, id],
    queryFn: ({ signal }) => api<WidgetView>(`/webchat/widgets/${encodeURIComponent(id!)}`, { signal }),
    enabled: !!id,
  });
}

/** Creates (no id) or replaces (PUT: every setting) a widget. */
export function useSaveWidget(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: WidgetSettingsInput) =>
      id ? api<WidgetView>(`/webchat/widgets/${encodeURIComponent(id)}`, { method: 'PUT', body: settings }) : api<WidgetView>('/webchat/widgets', { method: 'POST', body: settings }),
    onSuccess: async (saved) => {
      queryClient.setQueryData([...WIDGETS, saved.id], saved);
      // The accounts list (inbox filters, rules) names the widget too.
      await queryClient.invalidateQueries({ queryKey: [ACCOUNTS] });
    },
  });
}

/** Deleting a widget deletes its account: its conversations are archived, history kept. */
export function useDeleteWidget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/webchat/widgets/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: [ACCOUNTS] }), queryClient.invalidateQueries({ queryKey: [INBOX] })]),
  });
}
