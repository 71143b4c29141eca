import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { numberLabel, useNumbers, type PhoneNumber } from '../api/numbers.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState, ErrorNote, Loading, SuccessNote } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { AddNumberForm } from './numbers/AddNumberForm.tsx';
import { DeleteNumberDialog } from './numbers/DeleteNumberDialog.tsx';
import { NumberCard } from './numbers/NumberCard.tsx';
import { UpdateTokenDialog } from './numbers/UpdateTokenDialog.tsx';

export function NumbersPage() {
  const numbers = useNumbers();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<PhoneNumber | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // /numbers?update=<id> (the "token expired" notification) opens the Update token dialog.
  const updateId = params.get('update');
  const updating = updateId ? numbers.data?.find((n) => n.id === updateId) : undefined;
  const setUpdate = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('update', id);
        else p.delete('update');
        return p;
      },
      { replace: !id },
    );

  return (
    <>
      <PageHeader title="Numbers" description="Your WhatsApp Business numbers, their connection health and access tokens." />
      <div className="space-y-4">
        {!adding && (
          <div className="flex justify-end">
            <Button variant="primary" onClick={() => (setAdding(true), setDone(null))}>
              Add number
            </Button>
          </div>
        )}
        {adding && (
          <AddNumberForm
            onDone={(added) => {
              setAdding(false);
              if (added) setDone(`${numberLabel(added)} is connected.`);
            }}
          />
        )}
        {done && <SuccessNote>{done}</SuccessNote>}
        <ErrorNote error={numbers.error} />
        {updateId && numbers.data && !updating && (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
            That number is no longer connected.{' '}
            <button type="button" className="font-medium underline" onClick={() => setUpdate(null)}>
              Dismiss
            </button>
          </p>
        )}
        {numbers.isPending && <Loading />}
        {numbers.data?.length === 0 && !adding && (
          <EmptyState title="No numbers connected yet">
            Choose <strong>Add number</strong> and paste the phone number ID, WABA ID and access token from Meta&apos;s WhatsApp Manager, or tick
            “Sandbox number” to try Parley with the built-in simulator.
          </EmptyState>
        )}
        {!!numbers.data?.length && (
          <ul className="space-y-3">
            {numbers.data.map((n) => (
              <NumberCard key={n.id} number={n} onUpdateToken={() => setUpdate(n.id)} onDelete={() => (setDeleting(n), setDone(null))} />
            ))}
          </ul>
        )}
      </div>
      {updating && (
        <UpdateTokenDialog
          number={updating}
          onClose={(updated) => {
            setUpdate(null);
            if (updated) setDone(`The token of ${numberLabel(updating)} was updated; the number is active.`);
          }}
        />
      )}
      {deleting && (
        <DeleteNumberDialog
          number={deleting}
          onCancel={() => setDeleting(null)}
          onDeleted={(count) => {
            setDone(`${numberLabel(deleting)} was deleted; ${count} conversation${count === 1 ? '' : 's'} archived, history kept.`);
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}
