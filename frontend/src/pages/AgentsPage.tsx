import { useNumbers } from '../api/numbers.ts';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { AgentCard } from './autoReplies/AgentForm.tsx';

/** One AI agent per number; it answers inbound texts that no rule matched. */
export function AgentsPage() {
  const numbers = useNumbers();
  const items = numbers.data ?? [];
  return (
    <>
      <PageHeader title="Agents" description="The AI agent of each number answers customer texts no rule matched, within the reply cap and your credits." />
      <ErrorNote error={numbers.error} />
      {numbers.isPending && <Loading />}
      {numbers.isSuccess && items.length === 0 && <EmptyState title="No numbers yet">Connect a WhatsApp number on the Numbers page first.</EmptyState>}
      <div className="max-w-3xl space-y-4">
        {items.map((n) => (
          <AgentCard key={n.id} number={n} />
        ))}
      </div>
    </>
  );
}
