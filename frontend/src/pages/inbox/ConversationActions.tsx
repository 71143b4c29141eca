import { useState } from 'react';
import type { Conversation } from '../../api/inbox.ts';
import { useAgents, useConversationAction, type ConversationAction } from '../../api/conversations.ts';
import { useMe } from '../../api/queries.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { FILTER_INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { formatDateTime, nowForDateTimeInput } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { ActivityDialog } from './ActivityDialog.tsx';
import { LabelPicker } from './LabelPicker.tsx';

const PAUSE_REASON: Record<NonNullable<Conversation['botPaused']>['reason'], string> = {
  human_reply: 'a person replied',
  manual: 'paused by hand',
  rule: 'a rule handed over',
  agent: 'the AI agent handed over',
  customer_request: 'the customer asked for a person',
};

// A datetime-local input speaks the browser's zone, whatever the app's.
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const SNOOZES = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
];

/** The thread header's controls: who has it, its state, the bots' pause, labels and its activity. */
export function ConversationActions({ conversation: c }: { conversation: Conversation }) {
  const act = useConversationAction(c.id);
  const run = (a: ConversationAction) => act.mutate(a);
  const archived = c.status === 'archived';
  return (
    <div className="space-y-2 border-b border-neutral-200 bg-white px-3 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <AssigneeSelect conversation={c} disabled={archived || act.isPending} onAssign={(userId) => run({ kind: 'assign', userId })} />
        {!archived && (c.status === 'resolved' ? (
          <Button onClick={() => run({ kind: 'status', status: 'open' })} disabled={act.isPending}>Reopen</Button>
        ) : (
          <Button variant="primary" onClick={() => run({ kind: 'status', status: 'resolved' })} disabled={act.isPending} title="Resolve (e)">Resolve</Button>
        ))}
        {!archived && <StateMenu conversation={c} disabled={act.isPending} onAction={run} />}
        {!archived && <BotControl conversation={c} disabled={act.isPending} onAction={run} />}
        <LabelPicker conversation={c} disabled={archived} />
        <ActivityButton conversationId={c.id} />
      </div>
      <ErrorNote error={act.error} />
    </div>
  );
}

function AssigneeSelect({ conversation: c, disabled, onAssign }: { conversation: Conversation; disabled: boolean; onAssign: (userId: string | null) => void }) {
  const agents = useAgents();
  const me = useMe();
  const myId = me.data?.user.id;
  return (
    <div className="flex items-center gap-1.5">
      <select
        aria-label="Assignee"
        value={c.assignee?.id ?? ''}
        disabled={disabled}
        onChange={(e) => onAssign(e.target.value || null)}
        className={`${FILTER_INPUT} w-44`}
      >
        <option value="">Unassigned</option>
        {c.assignee && !agents.data?.some((a) => a.id === c.assignee!.id) && <option value={c.assignee.id}>{c.assignee.name}</option>}
        {agents.data?.map((a) => (
          <option key={a.id} value={a.id}>
            {a.id === myId ? `${a.name} (me)` : a.name} · {a.availability}
          </option>
        ))}
      </select>
      {myId && c.assignee?.id !== myId && (
        <Button variant="ghost" disabled={disabled} onClick={() => onAssign(myId)} title="Assign to me (a)">
          Assign to me
        </Button>
      )}
    </div>
  );
}

function StateMenu({ conversation: c, disabled, onAction }: { conversation: Conversation; disabled: boolean; onAction: (a: ConversationAction) => void }) {
  const timeZone = useTimeZone();
  const [custom, setCustom] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-1.5">
      {c.status === 'snoozed' && c.snoozedUntil && <Badge tone="violet" title="It opens again by itself then, or when the customer writes">Snoozed until {formatDateTime(c.snoozedUntil, timeZone)}</Badge>}
      {c.status === 'pending' && <Badge tone="amber">Pending</Badge>}
      <select
        aria-label="Change state"
        value=""
        disabled={disabled}
        onChange={(e) => {
          const v = e.target.value;
          if (v === 'pending' || v === 'open') onAction({ kind: 'status', status: v });
          else if (v === 'custom') setCustom(nowForDateTimeInput(BROWSER_ZONE, new Date(Date.now() + 3_600_000)));
          else if (v) onAction({ kind: 'snooze', until: new Date(Date.now() + Number(v)).toISOString() });
        }}
        className={`${FILTER_INPUT} w-36`}
      >
        <option value="">More…</option>
        {c.status !== 'open' && <option value="open">Mark open</option>}
        {c.status !== 'pending' && <option value="pending">Mark pending</option>}
        {SNOOZES.map((s) => (
          <option key={s.label} value={s.ms}>Snooze {s.label}</option>
        ))}
        <option value="custom">Snooze until…</option>
      </select>
      {custom !== null && (
        <form
          className="flex items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            onAction({ kind: 'snooze', until: new Date(custom).toISOString() });
            setCustom(null);
          }}
        >
          <input type="datetime-local" aria-label="Snooze until" required value={custom} onChange={(e) => setCustom(e.target.value)} className={`${FILTER_INPUT} w-48`} />
          <Button type="submit">Snooze</Button>
          <Button variant="ghost" onClick={() => setCustom(null)}>Cancel</Button>
        </form>
      )}
    </div>
  );
}

function BotControl({ conversation: c, disabled, onAction }: { conversation: Conversation; disabled: boolean; onAction: (a: ConversationAction) => void }) {
  const timeZone = useTimeZone();
  if (!c.botPaused) {
    return (
      <Button variant="ghost" disabled={disabled} onClick={() => onAction({ kind: 'bot', paused: true })} title="Rules and the AI agent stop answering here until you resume them">
        Pause bot
      </Button>
    );
  }
  const until = c.botPaused.resumesAt ? ` until ${formatDateTime(c.botPaused.resumesAt, timeZone)}` : '';
  return (
    <span className="flex items-center gap-1.5">
      <Badge tone="amber" testId="bot-paused" title={`Paused because ${PAUSE_REASON[c.botPaused.reason]}`}>
        Bot paused{until}
      </Badge>
      <Button variant="ghost" disabled={disabled} onClick={() => onAction({ kind: 'bot', paused: false })}>
        Resume bot
      </Button>
    </span>
  );
}

function ActivityButton({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>Activity</Button>
      {open && <ActivityDialog conversationId={conversationId} onClose={() => setOpen(false)} />}
    </>
  );
}
