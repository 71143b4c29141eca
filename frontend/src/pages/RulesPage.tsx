import { useState } from 'react';
import { useRuleMutations, useRules, type Rule } from '../api/autoReplies.ts';
import { accountLabelWithChannel, useAccounts } from '../api/accounts.ts';
import { Badge } from '../components/Badge.tsx';
import { Button } from '../components/Button.tsx';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatShort } from '../lib/format.ts';
import { useTimeZone } from '../lib/useTimeZone.ts';
import { FallbackReplyCard } from './autoReplies/FallbackReplyCard.tsx';
import { RuleForm } from './autoReplies/RuleForm.tsx';

/** Keyword rules answer before any agent; edits apply to the next message. */
export function RulesPage() {
  const rules = useRules();
  const accounts = useAccounts().data ?? [];
  const { save, remove } = useRuleMutations();
  const timeZone = useTimeZone();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const accountName = (id: string | null) => {
    const a = id ? accounts.find((x) => x.id === id) : undefined;
    return a ? accountLabelWithChannel(a) : id ? 'Removed account' : 'Every account';
  };
  const items = rules.data ?? [];
  return (
    <>
      <PageHeader title="Rules" description="Keyword replies, checked before the AI agent. When several match, the highest priority wins." />
      <div className="mb-4 flex justify-end">
        {!editing && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            New rule
          </Button>
        )}
      </div>
      {editing && (
        <div className="mb-4">
          <RuleForm key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        </div>
      )}
      <ErrorNote error={rules.error ?? save.error ?? remove.error} />
      {rules.isPending && <Loading />}
      {rules.isSuccess && items.length === 0 && <EmptyState title="No rules yet">Add one for the questions you get every day: prices, opening hours, delivery.</EmptyState>}
      {items.length > 0 && (
        <ul className="mb-4 divide-y divide-neutral-100 rounded-lg border border-neutral-200 bg-white">
          {items.map((r) => (
            <li key={r.id} data-testid="rule-row" data-name={r.name} className="flex flex-wrap items-start gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-neutral-900">{r.name}</span>
                  <Badge tone="grey">priority {r.priority}</Badge>
                  <Badge tone={r.numberId ? 'blue' : 'grey'}>{accountName(r.numberId)}</Badge>
                  {!r.isEnabled && <Badge tone="amber">Disabled</Badge>}
                </div>
                <p className="mt-1 text-sm text-neutral-600">
                  {r.matchMode === 'all' ? 'All of' : 'Any of'}: {r.keywords.map((k) => `“${k}”`).join(r.matchMode === 'all' ? ' + ' : ' / ')}
                </p>
                {r.reply && <p className="mt-1 line-clamp-2 text-sm text-neutral-500">↳ {r.reply}</p>}
                {r.handsOver && <p className="mt-1 text-sm text-amber-700">↳ Hands the conversation over to a person</p>}
                <p className="mt-1 text-xs text-neutral-400">
                  Answered {r.matchedCount} time{r.matchedCount === 1 ? '' : 's'}
                  {r.lastMatchedAt && `, last ${formatShort(r.lastMatchedAt, timeZone)}`}
                </p>
              </div>
              <div className="flex gap-1">
                <Button onClick={() => save.mutate({ id: r.id, input: { enabled: !r.isEnabled } })}>{r.isEnabled ? 'Disable' : 'Enable'}</Button>
                <Button onClick={() => setEditing(r)}>Edit</Button>
                <Button variant="ghost" className="text-red-700" onClick={() => window.confirm(`Delete the rule “${r.name}”?`) && remove.mutate(r.id)}>
                  Delete
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <FallbackReplyCard />
    </>
  );
}
