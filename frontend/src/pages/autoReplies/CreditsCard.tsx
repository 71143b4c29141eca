import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AUTO_REPLIES, invalidateAiStatus, useCredits, useLlmSettings, type LlmSettings } from '../../api/autoReplies.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import type { BalanceView } from '../../../../server/credits/present.ts';

export function CreditsCard() {
  const credits = useCredits();
  const enforced = useLlmSettings().data?.creditsEnforced;
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const [amount, setAmount] = useState('');
  const add = useMutation({
    mutationFn: (n: number) => api<BalanceView>('/credits', { method: 'POST', body: { amount: n } }),
    onSuccess: () => setAmount(''),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: [AUTO_REPLIES, 'credits'] }), invalidateAiStatus(queryClient)]),
  });
  const enforce = useMutation({
    mutationFn: (on: boolean) => api<LlmSettings>('/settings/llm', { method: 'PUT', body: { creditsEnforced: on } }),
    // A settings read still in flight (after saving the LLM form, say) would land after this
    // answer with the old value and untick the box.
    onMutate: () => queryClient.cancelQueries({ queryKey: [AUTO_REPLIES, 'llm'] }),
    onSuccess: (data) => queryClient.setQueryData([AUTO_REPLIES, 'llm'], data),
    onSettled: () => invalidateAiStatus(queryClient),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(amount);
    if (Number.isInteger(n) && n !== 0) add.mutate(n);
  };
  return (
    <section aria-label="Credits" className="rounded-lg border border-neutral-200 bg-white p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Credits</h2>
      <p className="mt-2 text-2xl font-semibold tabular-nums text-neutral-900" data-testid="credit-balance">
        {credits.data ? credits.data.balance.toLocaleString('en-IN') : '…'}
      </p>
      <label className="mt-2 flex items-start gap-2 text-sm text-neutral-700">
        <input type="checkbox" className="mt-0.5" checked={enforce.isPending ? enforce.variables : !!enforced} disabled={enforced === undefined || enforce.isPending} onChange={(e) => enforce.mutate(e.target.checked)} />
        <span>
          Enforce credits
          <span className="block text-xs text-neutral-500">
            {enforced
              ? 'On: each AI reply is charged once Meta accepts it, and AI replies stop (with a notification) when the balance cannot pay for one.'
              : 'Off: AI replies are neither charged nor stopped by the balance.'}
          </span>
        </span>
      </label>
      <form onSubmit={submit} className="mt-3 flex gap-2">
        <input aria-label="Credits to add" type="number" step={1} value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 1000" className={INPUT.replace('mt-1 ', '')} />
        <Button type="submit" variant="primary" disabled={add.isPending || !amount}>
          Add
        </Button>
      </form>
      <ErrorNote error={credits.error ?? add.error ?? enforce.error} />
      {!!credits.data?.ledger.length && (
        <ul className="mt-3 max-h-48 divide-y divide-neutral-100 overflow-y-auto text-xs">
          {credits.data.ledger.map((l) => (
            <li key={l.id} className="flex justify-between gap-2 py-1">
              <span className="text-neutral-500">
                {formatShort(l.createdAt, timeZone)} · {l.reason}
              </span>
              <span className={`tabular-nums ${l.delta < 0 ? 'text-neutral-600' : 'text-emerald-700'}`}>{l.delta > 0 ? `+${l.delta}` : l.delta}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
