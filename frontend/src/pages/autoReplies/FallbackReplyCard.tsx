import { useState, type FormEvent } from 'react';
import { useFallbackReplies, useSaveGlobalFallback, useSaveAccountFallback, type FallbackMode, type FallbackReplies } from '../../api/autoReplies.ts';
import { accountLabelWithChannel, useAccounts, type AccountView } from '../../api/accounts.ts';
import { Button } from '../../components/Button.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote, Loading, SuccessNote } from '../../components/Notes.tsx';

/**
 * The default reply: sent when no rule matches and the account has no agent, at most once per
 * conversation per hour. Off by default; each account inherits it, has its own text, or none.
 */
export function FallbackReplyCard() {
  const fallback = useFallbackReplies();
  const accounts = useAccounts().data ?? [];
  return (
    <section aria-label="Default reply" className="mb-4 rounded-lg border border-neutral-200 bg-white p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Default reply</h2>
      <p className="mt-1 text-xs text-neutral-500">Sent when no rule matches and the account has no agent, at most once an hour per conversation.</p>
      <ErrorNote error={fallback.error} />
      {fallback.isPending && <Loading />}
      {fallback.data && (
        <>
          <GlobalForm current={fallback.data.global} />
          {accounts.length > 0 && (
            <ul className="mt-4 divide-y divide-neutral-100 border-t border-neutral-100">
              {accounts.map((a) => (
                <AccountRow key={a.id} account={a} current={fallback.data.numbers.find((f) => f.numberId === a.id) ?? { numberId: a.id, mode: 'inherit', text: null }} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function GlobalForm({ current }: { current: FallbackReplies['global'] }) {
  const save = useSaveGlobalFallback();
  const [enabled, setEnabled] = useState(current.enabled);
  const [text, setText] = useState(current.text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ enabled, text });
  };
  return (
    <form onSubmit={submit} className="mt-3 space-y-3">
      <label className="flex items-center gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Send a default reply
      </label>
      <Field label="Default reply text" htmlFor="fallback-text">
        <textarea id="fallback-text" rows={2} maxLength={4096} required={enabled} value={text} onChange={(e) => setText(e.target.value)} placeholder="Thanks for your message! We will answer soon." className={INPUT} />
      </Field>
      {save.isSuccess && <SuccessNote>Default reply saved.</SuccessNote>}
      <ErrorNote error={save.error} />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          Save default reply
        </Button>
      </div>
    </form>
  );
}

function AccountRow({ account, current }: { account: AccountView; current: FallbackReplies['numbers'][number] }) {
  const save = useSaveAccountFallback();
  const [mode, setMode] = useState<FallbackMode>(current.mode);
  const [text, setText] = useState(current.text ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ numberId: account.id, mode, text });
  };
  const id = `fallback-${account.id}`;
  const label = accountLabelWithChannel(account);
  return (
    <li data-testid="fallback-account" data-account={account.displayName} className="py-3">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <div className="min-w-40">
          <label htmlFor={`${id}-mode`} className="block text-sm font-medium text-neutral-700">
            {label}
          </label>
          <select id={`${id}-mode`} aria-label={`Default reply on ${account.displayName}`} value={mode} onChange={(e) => setMode(e.target.value as FallbackMode)} className={INPUT}>
            <option value="inherit">Use the default reply</option>
            <option value="custom">Its own text</option>
            <option value="off">No default reply</option>
          </select>
        </div>
        {mode === 'custom' && (
          <input aria-label={`Default reply text on ${account.displayName}`} required maxLength={4096} value={text} onChange={(e) => setText(e.target.value)} className={`${INPUT} min-w-56 flex-1`} />
        )}
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
      </form>
      {save.isSuccess && <p className="mt-1 text-xs text-emerald-700">Saved.</p>}
      <ErrorNote error={save.error} />
    </li>
  );
}
