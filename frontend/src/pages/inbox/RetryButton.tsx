import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { INBOX, type Message } from '../../api/inbox.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** A file a person sent from the composer can be sent again too (agents/retry-reply.ts). */
const PERSON_FILES = ['image', 'video', 'audio', 'document'];

/** Sends a failed outbound text or file again (the server's send path, retries included). */
export function RetryButton({ message: m }: { message: Message }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api<unknown>(`/inbox/messages/${m.id}/retry`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX, 'messages'] }),
  });
  const retryable = m.type === 'text' || (m.sentBy !== null && PERSON_FILES.includes(m.type));
  if (m.direction !== 'outbound' || !retryable || m.status !== 'failed') return null;
  return (
    <div className="mt-1">
      <Button onClick={() => retry.mutate()} disabled={retry.isPending}>
        {retry.isPending ? 'Sending…' : 'Retry'}
      </Button>
      <ErrorNote error={retry.error} />
    </div>
  );
}
