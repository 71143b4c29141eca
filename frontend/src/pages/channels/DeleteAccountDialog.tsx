import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ACCOUNTS, accountLabel, type AccountView } from '../../api/accounts.ts';
import { api } from '../../api/client.ts';
import { INBOX } from '../../api/inbox.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

interface Props {
  account: AccountView;
  onCancel: () => void;
  onDeleted: (archivedConversations: number) => void;
}

export function DeleteAccountDialog({ account, onCancel, onDeleted }: Props) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api<{ archivedConversations: number }>(`/accounts/${account.id}`, { method: 'DELETE' }),
    onSuccess: async ({ archivedConversations }) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: [ACCOUNTS] }), queryClient.invalidateQueries({ queryKey: [INBOX] })]);
      onDeleted(archivedConversations);
    },
  });
  return (
    <Dialog title={`Delete ${accountLabel(account)}?`} onClose={onCancel}>
      <p className="text-sm text-neutral-600">
        Parley stops sending and receiving on this account. Its conversations are archived, history is kept: you can still read them in the Inbox.
      </p>
      <div className="mt-4 space-y-3">
        <ErrorNote error={remove.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete account'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
