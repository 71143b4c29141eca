import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { INBOX, type Message } from '../../api/inbox.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** Sends a failed outbound text again (the server's send path, retries included). */
export function RetryButton({ message: m }: { message: Message }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api<unknown>(`/inbox/messages/${m.id}/retry`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX, 'messages'] }),
  });
  if (m.direction !== 'outbound' || m.type !== 'text' || m.status !== 'failed') return null;
  return (
    <div className="mt-1">
      <Button onClick={() => retry.mutate()} disabled={retry.isPending}>
        {retry.isPending ? 'Sending…' : 'Retry'}
      </Button>
      <ErrorNote error={retry.error} />
    </div>
  );
}
