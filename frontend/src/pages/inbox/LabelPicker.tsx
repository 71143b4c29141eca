import { useState } from 'react';
import type { Conversation } from '../../api/inbox.ts';
import { useConversationAction, useLabels } from '../../api/conversations.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** A label as a coloured chip. */
export function LabelChip({ label }: { label: { name: string; color: string } }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-white px-2 py-0.5 text-xs font-medium text-neutral-700 ring-1 ring-inset ring-neutral-200" data-testid="label-chip">
      <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: label.color }} />
      {label.name}
    </span>
  );
}

/** The conversation's labels, and a dialog to tick the team's labels on or off. */
export function LabelPicker({ conversation: c, disabled }: { conversation: Conversation; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <span className="flex flex-wrap items-center gap-1">
      {c.labels.map((l) => (
        <LabelChip key={l.id} label={l} />
      ))}
      {!disabled && (
        <Button variant="ghost" onClick={() => setOpen(true)}>
          Labels
        </Button>
      )}
      {open && <LabelDialog conversation={c} onClose={() => setOpen(false)} />}
    </span>
  );
}

function LabelDialog({ conversation: c, onClose }: { conversation: Conversation; onClose: () => void }) {
  const labels = useLabels();
  const act = useConversationAction(c.id);
  const [chosen, setChosen] = useState(() => new Set(c.labels.map((l) => l.id)));
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Dialog title="Labels" onClose={onClose}>
      {labels.data?.length === 0 && <p className="text-sm text-neutral-500">No labels yet. An admin creates them in Settings.</p>}
      <ul className="max-h-72 space-y-1 overflow-y-auto">
        {labels.data?.map((l) => (
          <li key={l.id}>
            <label className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-neutral-50">
              <input type="checkbox" checked={chosen.has(l.id)} onChange={() => toggle(l.id)} />
              <LabelChip label={l} />
            </label>
          </li>
        ))}
      </ul>
      <ErrorNote error={act.error} />
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>Cancel</Button>
        <Button variant="primary" disabled={act.isPending} onClick={() => act.mutate({ kind: 'labels', labelIds: [...chosen] }, { onSuccess: onClose })}>
          Save
        </Button>
      </div>
    </Dialog>
  );
}
