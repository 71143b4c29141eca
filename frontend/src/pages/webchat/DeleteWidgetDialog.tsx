import { useDeleteWidget, type WidgetView } from '../../api/webchat.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

// A widget is a channel account: deleting it stops the widget on every site that embeds it and
// archives its conversations (history kept), as deleting any account does.

export function DeleteWidgetDialog({ widget, onCancel, onDeleted }: { widget: WidgetView; onCancel: () => void; onDeleted: () => void }) {
  const remove = useDeleteWidget();
  return (
    <Dialog title={`Delete ${widget.settings.name}?`} onClose={onCancel}>
      <p className="text-sm text-neutral-600">
        The widget disappears from every site that embeds it and its snippet stops working. Its conversations are archived, history is kept: you can still read
        them in the Inbox.
      </p>
      <div className="mt-4 space-y-3">
        <ErrorNote error={remove.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="danger" onClick={() => remove.mutate(widget.id, { onSuccess: onDeleted })} disabled={remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete widget'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
