import { useAccounts } from '../api/accounts.ts';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { AgentCard } from './autoReplies/AgentForm.tsx';

/** One AI agent per account (any channel); it answers inbound texts that no rule matched. */
export function AgentsPage() {
  const accounts = useAccounts();
  const items = accounts.data ?? [];
  return (
    <>
      <PageHeader title="Agents" description="The AI agent of each account answers customer texts no rule matched, within the reply cap and your credits." />
      <ErrorNote error={accounts.error} />
      {accounts.isPending && <Loading />}
      {accounts.isSuccess && items.length === 0 && <EmptyState title="No channels yet">Connect a WhatsApp number, Instagram account or Facebook Page on the Channels page first.</EmptyState>}
      <div className="max-w-3xl space-y-4">
        {items.map((a) => (
          <AgentCard key={a.id} account={a} />
        ))}
      </div>
    </>
  );
}
