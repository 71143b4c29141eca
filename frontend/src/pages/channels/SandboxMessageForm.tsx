import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { AccountView } from '../../api/accounts.ts';
import { sendAsCustomer, useSandboxAccess } from '../../api/sandbox.ts';
import { Button } from '../../components/Button.tsx';
import { FILTER_INPUT } from '../../components/Field.tsx';
import { ErrorNote, SuccessNote } from '../../components/Notes.tsx';
import { randomDigits } from './channelForms.ts';

/** A customer of the channel: a WhatsApp phone number, or a page/Instagram-scoped id (16 digits). */
const randomCustomer = (a: AccountView) => (a.channel === 'whatsapp' ? randomDigits('9198', 12) : randomDigits('6', 16));

/**
 * On a sandbox account: the simulator writes to it as a customer would, so rules and the agent
 * can be tried with no Meta account. The message arrives through the real webhook path.
 */
export function SandboxMessageForm({ account }: { account: AccountView }) {
  const access = useSandboxAccess();
  const [from, setFrom] = useState(() => randomCustomer(account));
  const [text, setText] = useState('');
  const send = useMutation({ mutationFn: () => sendAsCustomer(access.data!, account, from.trim(), text.trim()) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const id = (f: string) => `sandbox-dm-${account.id}-${f}`;
  return (
    <form onSubmit={submit} aria-label={`Send a test message to ${account.displayName}`} className="mt-4 space-y-2 border-t border-neutral-100 pt-3">
      <p className="text-xs font-medium text-neutral-700">Send a test message as a customer</p>
      <div className="grid gap-2 sm:grid-cols-[12rem_minmax(0,1fr)_auto] sm:items-end">
        <div>
          <label htmlFor={id('from')} className="block text-xs text-neutral-500">
            Customer id
          </label>
          <input id={id('from')} data-testid="sandbox-dm-from" required value={from} onChange={(e) => setFrom(e.target.value)} className={`${FILTER_INPUT} font-mono`} />
        </div>
        <div>
          <label htmlFor={id('text')} className="block text-xs text-neutral-500">
            Message
          </label>
          <input id={id('text')} data-testid="sandbox-dm-text" required maxLength={1000} placeholder="e.g. price" value={text} onChange={(e) => setText(e.target.value)} className={FILTER_INPUT} />
        </div>
        <Button type="submit" data-testid="sandbox-dm-send" disabled={send.isPending || !access.data || !text.trim() || !from.trim()}>
          {send.isPending ? 'Sending…' : 'Send'}
        </Button>
      </div>
      {send.data?.webhook === 'queued' && (
        <SuccessNote>
          <span data-testid="sandbox-dm-sent">
            Sent as customer {from}. The conversation appears in the <Link to="/inbox" className="font-medium underline">Inbox</Link>, with any auto-reply.
          </span>
        </SuccessNote>
      )}
      {send.data?.webhook === 'no_webhook_url' && <p className="text-sm text-amber-700">The simulator has no webhook URL, so Parley was not told about this message.</p>}
      <ErrorNote error={send.error ?? access.error} />
    </form>
  );
}
