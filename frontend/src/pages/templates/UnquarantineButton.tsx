import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { TEMPLATES, type Template } from '../../api/templates.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** Releases a quarantined template; only UTILITY ones qualify (the server re-checks and may refuse). */
export function UnquarantineButton({ template: t }: { template: Template }) {
  const queryClient = useQueryClient();
  const release = useMutation({
    mutationFn: () => api<Template>(`/templates/${t.id}/unquarantine`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [TEMPLATES] }),
  });
  const why = t.category === 'UTILITY' ? null : `Only UTILITY templates can be released; this one is ${t.category}.`;
  return (
    <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3">
      <p className="text-sm text-amber-900">
        Quarantined{t.quarantineReason ? `: ${t.quarantineReason}` : ''}. Campaigns cannot use it until an admin releases it.
      </p>
      <span title={why ?? 'Allow campaigns to use this template again'} className="inline-block">
        <Button variant="primary" onClick={() => release.mutate()} disabled={!!why || release.isPending}>
          {release.isPending ? 'Releasing…' : 'Un-quarantine'}
        </Button>
      </span>
      {why && <p className="text-xs text-amber-800">{why}</p>}
      <ErrorNote error={release.error} />
    </div>
  );
}
