import { useState, type FormEvent } from 'react';
import { useRuleMutations, type Rule, type RuleInput } from '../../api/autoReplies.ts';
import { accountLabelWithChannel, useAccounts } from '../../api/accounts.ts';
import { Button } from '../../components/Button.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

const fromRule = (r: Rule | null): RuleInput => ({
  name: r?.name ?? '',
  numberId: r?.numberId ?? null,
  keywords: r?.keywords ?? [],
  matchMode: r?.matchMode ?? 'any',
  reply: r?.reply ?? '',
  handsOver: r?.handsOver ?? false,
  priority: r?.priority ?? 0,
  enabled: r?.isEnabled ?? true,
});

/** Create or edit one rule; keywords are typed comma-separated. */
export function RuleForm({ rule, onDone }: { rule: Rule | null; onDone: () => void }) {
  const accounts = useAccounts().data ?? [];
  const { save } = useRuleMutations();
  const [v, setV] = useState<RuleInput>(fromRule(rule));
  const [keywordText, setKeywordText] = useState((rule?.keywords ?? []).join(', '));
  const keywords = keywordText.split(',').map((k) => k.trim()).filter(Boolean);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: rule?.id ?? null, input: { ...v, keywords, reply: v.reply?.trim() ? v.reply : null } }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label={rule ? 'Edit rule' : 'New rule'} className="space-y-4 rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Rule name" htmlFor="rule-name">
          <input id="rule-name" required maxLength={120} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} className={INPUT} />
        </Field>
        <Field label="Applies to" htmlFor="rule-number">
          <select id="rule-number" value={v.numberId ?? ''} onChange={(e) => setV({ ...v, numberId: e.target.value || null })} className={INPUT}>
            <option value="">Every account</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {accountLabelWithChannel(a)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Keywords" htmlFor="rule-keywords" hint="Comma-separated; whole words or phrases, case-insensitive.">
          <input id="rule-keywords" required value={keywordText} onChange={(e) => setKeywordText(e.target.value)} placeholder="price, cost, how much" className={INPUT} />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Match" htmlFor="rule-mode">
            <select id="rule-mode" value={v.matchMode} onChange={(e) => setV({ ...v, matchMode: e.target.value as RuleInput['matchMode'] })} className={INPUT}>
              <option value="any">Any keyword (OR)</option>
              <option value="all">All keywords (AND)</option>
            </select>
          </Field>
          <Field label="Priority" htmlFor="rule-priority" hint="Higher wins.">
            <input id="rule-priority" type="number" min={-1000} max={1000} value={v.priority} onChange={(e) => setV({ ...v, priority: Number(e.target.value) })} className={INPUT} />
          </Field>
        </div>
      </div>
      <label className="flex items-start gap-2 text-sm text-neutral-700">
        <input type="checkbox" className="mt-0.5" checked={v.handsOver} onChange={(e) => setV({ ...v, handsOver: e.target.checked })} />
        <span>
          Hand over to a person
          <span className="block text-xs text-neutral-500">Rules and agents go silent in the conversation and the team is notified (or the next online agent is assigned, if auto-assignment is on).</span>
        </span>
      </label>
      <Field
        label={v.handsOver ? 'Reply (optional)' : 'Reply'}
        htmlFor="rule-reply"
        hint={v.handsOver ? 'Empty: the handover message from Settings is sent.' : 'Sent as is; rule replies cost no credits and do not count toward the AI reply cap.'}
      >
        <textarea id="rule-reply" required={!v.handsOver} rows={3} maxLength={4096} value={v.reply ?? ''} onChange={(e) => setV({ ...v, reply: e.target.value })} className={INPUT} />
      </Field>
      <label className="flex items-center gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={v.enabled} onChange={(e) => setV({ ...v, enabled: e.target.checked })} className="size-4 accent-emerald-600" />
        Enabled
      </label>
      <ErrorNote error={save.error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={save.isPending || !keywords.length}>
          {save.isPending ? 'Saving…' : 'Save rule'}
        </Button>
      </div>
    </form>
  );
}
