import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { INBOX } from '../../api/inbox.ts';
import { NUMBERS, numberLabel, type PhoneNumber } from '../../api/numbers.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

interface Props {
  number: PhoneNumber;
  onCancel: () => void;
  onDeleted: (archivedConversations: number) => void;
}

export function DeleteNumberDialog({ number, onCancel, onDeleted }: Props) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api<{ archivedConversations: number }>(`/numbers/${number.id}`, { method: 'DELETE' }),
    onSuccess: async ({ archivedConversations }) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: [NUMBERS] }), queryClient.invalidateQueries({ queryKey: [INBOX] })]);
      onDeleted(archivedConversations);
    },
  });
  return (
    <Dialog title={`Delete ${numberLabel(number)}?`} onClose={onCancel}>
      <p className="text-sm text-neutral-600">
        Parley stops sending and receiving on this number. Its conversations are archived, history is kept: you can still read them in the Inbox.
      </p>
      <div className="mt-4 space-y-3">
        <ErrorNote error={remove.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete number'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
