import { useAgents, useBulkAction, useLabels, type BulkAction } from '../../api/conversations.ts';
import { useMe } from '../../api/queries.ts';
import { Button } from '../../components/Button.tsx';
import { FILTER_INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** One action on the ticked conversations: assign, label, resolve. */
export function BulkBar({ conversationIds, onDone }: { conversationIds: string[]; onDone: () => void }) {
  const bulk = useBulkAction();
  const agents = useAgents();
  const labels = useLabels();
  const me = useMe();
  const run = (a: BulkAction) => bulk.mutate({ conversationIds, ...a }, { onSuccess: onDone });
  const n = conversationIds.length;
  return (
    <div role="toolbar" aria-label="Selected conversations" className="space-y-2 rounded-lg border border-emerald-200 bg-emerald-50 p-2">
      <p className="text-sm font-medium text-emerald-900">{n} selected</p>
      <div className="flex flex-wrap gap-1.5">
        <select
          aria-label="Assign selected"
          value=""
          disabled={bulk.isPending}
          onChange={(e) => e.target.value && run({ action: 'assign', userId: e.target.value === 'none' ? null : e.target.value })}
          className={`${FILTER_INPUT} w-auto`}
        >
          <option value="">Assign…</option>
          {me.data && <option value={me.data.user.id}>Me</option>}
          {agents.data?.filter((a) => a.id !== me.data?.user.id).map((a) => (
            <option key={a.id} value={a.id}>{a.name}</option>
          ))}
          <option value="none">Unassigned</option>
        </select>
        <select
          aria-label="Label selected"
          value=""
          disabled={bulk.isPending || !labels.data?.length}
          onChange={(e) => {
            const [action, labelId] = e.target.value.split(':') as ['add_label' | 'remove_label', string];
            if (labelId) run({ action, labelId });
          }}
          className={`${FILTER_INPUT} w-auto`}
        >
          <option value="">Label…</option>
          {labels.data?.map((l) => (
            <option key={`add:${l.id}`} value={`add_label:${l.id}`}>Add {l.name}</option>
          ))}
          {labels.data?.map((l) => (
            <option key={`remove:${l.id}`} value={`remove_label:${l.id}`}>Remove {l.name}</option>
          ))}
        </select>
        <Button variant="primary" disabled={bulk.isPending} onClick={() => run({ action: 'status', status: 'resolved' })}>
          Resolve
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Clear
        </Button>
      </div>
      <ErrorNote error={bulk.error} />
    </div>
  );
}
