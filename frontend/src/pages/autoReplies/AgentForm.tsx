import { useState, type FormEvent } from 'react';
import { useAgent, useSaveAgent, type Agent, type AgentInput } from '../../api/autoReplies.ts';
import { accountLabel, type AccountView } from '../../api/accounts.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote, Loading, SuccessNote } from '../../components/Notes.tsx';

const toInput = (a: Agent | null, account: AccountView): AgentInput => ({
  name: a?.name ?? `${account.displayName} agent`,
  mode: a?.mode ?? 'system_prompt',
  systemPrompt: a?.systemPrompt ?? '',
  promptId: a?.promptId ?? null,
  promptVersion: a?.promptVersion ?? null,
  promptVariables: a?.promptVariables ?? {},
  fallbackMessage: a?.fallbackMessage ?? null,
  enabled: a?.isEnabled ?? true,
});

const variablesText = (v: Record<string, string>) => Object.entries(v).map(([k, x]) => `${k}=${x}`).join('\n');
/** "brand=Acme" lines to {brand: 'Acme'}; a line without "=" is a name with an empty value. */
const parseVariables = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const [name = '', ...value] = l.split('=');
        return [name.trim(), value.join('=').trim()];
      }),
  );

export function AgentCard({ account }: { account: AccountView }) {
  const agent = useAgent(account.id);
  return (
    <section data-testid="agent-card" data-account={account.displayName} className="rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-semibold text-neutral-900">{accountLabel(account)}</h2>
        <ChannelBadge channel={account.channel} />
        {agent.data?.agent ? (
          agent.data.agent.isEnabled ? <Badge tone="green">Agent on</Badge> : <Badge tone="amber">Agent paused</Badge>
        ) : (
          agent.isSuccess && <Badge tone="grey">No agent: rules only</Badge>
        )}
      </div>
      <ErrorNote error={agent.error} />
      {agent.isPending && <Loading />}
      {agent.isSuccess && <AgentForm key={agent.data.agent?.id ?? 'none'} account={account} agent={agent.data.agent} previous={agent.data.previous.length} />}
    </section>
  );
}

function AgentForm({ account, agent, previous }: { account: AccountView; agent: Agent | null; previous: number }) {
  const save = useSaveAgent(account.id);
  const [v, setV] = useState<AgentInput>(toInput(agent, account));
  const [vars, setVars] = useState(variablesText(v.promptVariables));
  const id = (f: string) => `agent-${account.id}-${f}`;
  const promptChanged = !!agent && (agent.mode !== v.mode || (v.mode === 'openai_prompt' && (agent.promptId ?? '') !== (v.promptId ?? '')));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (promptChanged && !window.confirm('A different prompt creates a new agent and archives this account’s AI conversations (messages are kept). Continue?')) return;
    save.mutate({ ...v, promptVariables: parseVariables(vars), promptId: v.promptId || null, promptVersion: v.promptVersion || null, fallbackMessage: v.fallbackMessage || null });
  };
  const done = save.data && 'created' in save.data ? save.data : null;
  return (
    <form onSubmit={submit} aria-label={`Agent of ${account.displayName}`} className="space-y-4">
      <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name={id('mode')} checked={v.mode === 'system_prompt'} onChange={() => setV({ ...v, mode: 'system_prompt' })} className="accent-emerald-600" />
          System prompt + last 10 messages
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={id('mode')} checked={v.mode === 'openai_prompt'} onChange={() => setV({ ...v, mode: 'openai_prompt' })} className="accent-emerald-600" />
          OpenAI dashboard prompt
        </label>
      </div>
      <Field label="Agent name" htmlFor={id('name')}>
        <input id={id('name')} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} className={INPUT} />
      </Field>
      {v.mode === 'system_prompt' ? (
        <Field label="System prompt" htmlFor={id('prompt')} hint="Uses the model of Settings > LLM; the last 10 messages of the conversation go along.">
          <textarea id={id('prompt')} required rows={5} value={v.systemPrompt} onChange={(e) => setV({ ...v, systemPrompt: e.target.value })} className={INPUT} />
        </Field>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Prompt ID" htmlFor={id('pid')} hint="From platform.openai.com › Prompts (pmpt_…). A new ID creates a new agent.">
            <input id={id('pid')} required value={v.promptId ?? ''} onChange={(e) => setV({ ...v, promptId: e.target.value })} className={INPUT} />
          </Field>
          <Field label="Version" htmlFor={id('pver')} hint="Empty: the prompt's current version.">
            <input id={id('pver')} inputMode="numeric" value={v.promptVersion ?? ''} onChange={(e) => setV({ ...v, promptVersion: e.target.value })} className={INPUT} />
          </Field>
          <div className="sm:col-span-2">
            <Field label="Variables" htmlFor={id('pvars')} hint="One name=value per line, e.g. brand=Acme. OpenAI keeps one conversation per customer, renewed after 21 idle days.">
              <textarea id={id('pvars')} rows={3} value={vars} onChange={(e) => setVars(e.target.value)} className={`${INPUT} font-mono`} />
            </Field>
          </div>
        </div>
      )}
      <Field label="Fallback message" htmlFor={id('fallback')} hint="Sent only when the LLM fails; empty means stay silent.">
        <input id={id('fallback')} value={v.fallbackMessage ?? ''} onChange={(e) => setV({ ...v, fallbackMessage: e.target.value })} className={INPUT} />
      </Field>
      <label className="flex items-center gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={v.enabled} onChange={(e) => setV({ ...v, enabled: e.target.checked })} className="size-4 accent-emerald-600" />
        Answer customers with this agent
      </label>
      {done && <SuccessNote>{done.created ? `New agent created${done.archivedConversations ? `; ${done.archivedConversations} conversation(s) archived` : ''}.` : 'Agent saved; conversations carry on.'}</SuccessNote>}
      <ErrorNote error={save.error} />
      <div className="flex flex-wrap items-center justify-end gap-2">
        {previous > 0 && <span className="mr-auto text-xs text-neutral-500">{previous} earlier agent(s) archived</span>}
        {agent && (
          <Button variant="ghost" className="text-red-700" onClick={() => window.confirm('Remove this agent? Only rules will answer on this account.') && save.mutate(null)}>
            Remove agent
          </Button>
        )}
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : agent ? 'Save agent' : 'Create agent'}
        </Button>
      </div>
    </form>
  );
}
