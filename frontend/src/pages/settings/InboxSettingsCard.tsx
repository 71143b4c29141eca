import { useState, type FormEvent } from 'react';
import { useInboxSettings, useSaveInboxSettings, type InboxSettings } from '../../api/conversations.ts';
import { Button } from '../../components/Button.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote, SuccessNote } from '../../components/Notes.tsx';

/** Handover idle time, round-robin assignment and the message a handed-over customer gets. */
export function InboxSettingsCard() {
  const settings = useInboxSettings();
  if (!settings.data) return <ErrorNote error={settings.error} />;
  return <InboxSettingsForm key={JSON.stringify(settings.data)} current={settings.data} />;
}

function InboxSettingsForm({ current }: { current: InboxSettings }) {
  const save = useSaveInboxSettings();
  const [idle, setIdle] = useState(current.handoverIdleMinutes === null ? '' : String(current.handoverIdleMinutes / 60));
  const [autoAssign, setAutoAssign] = useState(current.autoAssign);
  const [message, setMessage] = useState(current.handoverMessage ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hours = idle.trim() === '' ? null : Number(idle);
    save.mutate({ handoverIdleMinutes: hours === null ? null : Math.round(hours * 60), autoAssign, handoverMessage: message.trim() || null });
  };
  return (
    <section aria-label="Inbox and handover" className="rounded-lg border border-neutral-200 bg-white p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Inbox and handover</h2>
      <p className="mt-1 text-xs text-neutral-500">
        When a person replies, or a rule, the AI agent or the customer asks for one, rules and agents stop answering in that conversation until it is
        resolved, someone presses Resume bot, or this idle time passes without a human reply.
      </p>
      <form onSubmit={submit} className="mt-3 space-y-3">
        <Field label="Bots resume after (hours without a human reply)" htmlFor="handover-idle" hint="Empty: never by themselves, only on Resume bot or Resolve.">
          <input id="handover-idle" type="number" min={0.1} max={720} step="any" value={idle} onChange={(e) => setIdle(e.target.value)} className={INPUT} />
        </Field>
        <Field label="Handover message" htmlFor="handover-message" hint="Sent to the customer when a bot hands them over (a rule with its own reply sends that instead). Empty: nothing is sent.">
          <textarea id="handover-message" rows={2} maxLength={1000} value={message} onChange={(e) => setMessage(e.target.value)} className={INPUT} />
        </Field>
        <label className="flex items-start gap-2 text-sm text-neutral-700">
          <input type="checkbox" className="mt-0.5" checked={autoAssign} onChange={(e) => setAutoAssign(e.target.checked)} />
          <span>
            Assign handed-over conversations automatically
            <span className="block text-xs text-neutral-500">In turn among online people, each up to their limit of open conversations; the assignee is notified at once.</span>
          </span>
        </label>
        <ErrorNote error={save.error} />
        {save.isSuccess && <SuccessNote>Saved.</SuccessNote>}
        <Button type="submit" variant="primary" disabled={save.isPending}>
          Save
        </Button>
      </form>
    </section>
  );
}
