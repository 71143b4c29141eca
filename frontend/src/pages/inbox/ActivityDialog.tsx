import type { ConversationEvent } from '../../api/conversations.ts';
import { useAgents, useConversationEvents } from '../../api/conversations.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote, Loading } from '../../components/Notes.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';

const STATE = { open: 'open', pending: 'pending', snoozed: 'snoozed', resolved: 'resolved' } as Record<string, string>;
const BY: Record<string, string> = {
  customer_message: 'the customer wrote',
  snooze_ended: 'the snooze ended',
  resolved: 'it was resolved',
  manual: 'resumed by hand',
};

/** What the log entry says, in words. */
function describe(e: ConversationEvent, nameOf: (id: string) => string): string {
  const d = e.detail as Record<string, string | string[] | null | undefined>;
  switch (e.type) {
    case 'status':
      return `Marked ${STATE[String(d.to)] ?? d.to}${d.until ? ` until ${String(d.until)}` : ''}`;
    case 'reopened':
      return `Reopened: ${BY[String(d.by)] ?? d.by}`;
    case 'assigned':
      return d.to ? `Assigned to ${nameOf(String(d.to))}` : 'Unassigned';
    case 'bot_paused':
      return `Bot paused (${String(d.reason).replace('_', ' ')})`;
    case 'bot_resumed':
      return `Bot resumed: ${BY[String(d.by)] ?? d.by}`;
    case 'handover':
      return `Handed over to a person${d.detail ? `: ${String(d.detail)}` : ''}`;
    case 'labels':
      return `Labels changed (${(d.added as string[] | undefined)?.length ?? 0} added, ${(d.removed as string[] | undefined)?.length ?? 0} removed)`;
    default:
      return e.type;
  }
}

/** The conversation's activity log, newest first, with who did what and when. */
export function ActivityDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const events = useConversationEvents(conversationId, true);
  const agents = useAgents();
  const nameOf = (id: string) => agents.data?.find((a) => a.id === id)?.name ?? 'a former team member';
  const timeZone = useTimeZone();
  return (
    <Dialog title="Activity" onClose={onClose}>
      {events.isPending && <Loading what="Loading activity…" />}
      <ErrorNote error={events.error} />
      {events.data?.length === 0 && <p className="text-sm text-neutral-500">Nothing has happened to this conversation yet.</p>}
      <ol className="max-h-80 space-y-2 overflow-y-auto text-sm">
        {events.data?.map((e) => (
          <li key={e.id} data-testid="activity">
            <p className="text-neutral-800">{describe(e, nameOf)}</p>
            <p className="text-xs text-neutral-500">
              {e.actor ? e.actor.name : 'Parley'} · {formatDateTime(e.createdAt, timeZone)}
            </p>
          </li>
        ))}
      </ol>
      <div className="mt-4 flex justify-end">
        <Button onClick={onClose}>Close</Button>
      </div>
    </Dialog>
  );
}
