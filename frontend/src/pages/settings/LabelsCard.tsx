import { useState, type FormEvent } from 'react';
import { useDeleteLabel, useLabels, useSaveLabel, type Label } from '../../api/conversations.ts';
import { Button } from '../../components/Button.tsx';
import { INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { LabelChip } from '../inbox/LabelPicker.tsx';

const PALETTE = ['#dc2626', '#ea580c', '#ca8a04', '#16a34a', '#0891b2', '#2563eb', '#7c3aed', '#db2777', '#525252'];

/** The team's labels: add, rename, recolour, delete; how many live conversations carry each. */
export function LabelsCard() {
  const labels = useLabels();
  const remove = useDeleteLabel();
  const [editing, setEditing] = useState<Label | null>(null);
  return (
    <section aria-label="Labels" className="rounded-lg border border-neutral-200 bg-white p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Labels</h2>
      <p className="mt-1 text-xs text-neutral-500">Agents tick them on conversations and filter the inbox by them.</p>
      <ul className="mt-3 space-y-1.5">
        {labels.data?.map((l) =>
          editing?.id === l.id ? (
            <li key={l.id}>
              <LabelForm label={l} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={l.id} className="flex items-center gap-2 text-sm">
              <LabelChip label={l} />
              <span className="text-xs text-neutral-500">{l.conversations} conversations</span>
              <span className="ml-auto flex gap-1">
                <Button variant="ghost" onClick={() => setEditing(l)}>Edit</Button>
                <Button variant="ghost" disabled={remove.isPending} onClick={() => confirm(`Delete the label "${l.name}"? It leaves every conversation.`) && remove.mutate(l.id)}>
                  Delete
                </Button>
              </span>
            </li>
          ),
        )}
      </ul>
      <ErrorNote error={labels.error ?? remove.error} />
      <div className="mt-3">
        <LabelForm onDone={() => {}} />
      </div>
    </section>
  );
}

function LabelForm({ label, onDone }: { label?: Label; onDone: () => void }) {
  const save = useSaveLabel();
  const [name, setName] = useState(label?.name ?? '');
  const [color, setColor] = useState(label?.color ?? PALETTE[5]!);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: label?.id, name: name.trim(), color }, { onSuccess: () => (label ? onDone() : setName('')) });
  };
  return (
    <form onSubmit={submit} className="space-y-1">
      <div className="flex items-center gap-2">
        <input aria-label="Label name" required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} placeholder="New label, e.g. VIP" className={INPUT.replace('mt-1 ', '')} />
        <input aria-label="Label colour" type="color" value={color} onChange={(e) => setColor(e.target.value)} className="h-9 w-10 shrink-0 rounded border border-neutral-300" />
        <Button type="submit" variant="primary" disabled={save.isPending || !name.trim()}>
          {label ? 'Save' : 'Add'}
        </Button>
        {label && <Button variant="ghost" onClick={onDone}>Cancel</Button>}
      </div>
      <ErrorNote error={save.error} />
    </form>
  );
}
