import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AUTO_REPLIES, invalidateAiStatus, useLlmSettings, type LlmSettings } from '../../api/autoReplies.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote, Loading, SuccessNote } from '../../components/Notes.tsx';
import type { LlmTestView } from '../../../../server/settings/present.ts';

/** Global LLM settings: the key is write-only (the server never sends it back). */
export function LlmSettingsCard() {
  const settings = useLlmSettings();
  return (
    <section aria-label="LLM" className="rounded-lg border border-neutral-200 bg-white p-5">
      <h2 className="text-sm font-semibold text-neutral-900">LLM</h2>
      <p className="mt-1 text-xs text-neutral-500">Used by every agent. Any OpenAI-compatible server works; the key is stored encrypted.</p>
      <ErrorNote error={settings.error} />
      {settings.isPending && <Loading />}
      {settings.data && <LlmForm current={settings.data} />}
    </section>
  );
}

function LlmForm({ current }: { current: LlmSettings }) {
  const queryClient = useQueryClient();
  const [v, setV] = useState({ model: current.model, baseUrl: current.baseUrl, customerReplyCap: current.customerReplyCap, creditsPerReply: current.creditsPerReply });
  const [apiKey, setApiKey] = useState('');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<LlmSettings>('/settings/llm', { method: 'PUT', body }),
    onSuccess: (data) => {
      setApiKey('');
      queryClient.setQueryData([AUTO_REPLIES, 'llm'], data);
      void invalidateAiStatus(queryClient);
    },
  });
  const test = useMutation({ mutationFn: () => api<LlmTestView>('/settings/llm/test', { method: 'POST' }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...v, ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}) });
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-4">
      <Field label="API key" htmlFor="llm-key" hint={current.apiKeySet ? 'A key is set. Type a new one to replace it.' : 'No key yet: agents cannot answer.'}>
        <input id="llm-key" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} placeholder={current.apiKeySet ? '•••••••• (set)' : 'sk-…'} className={INPUT} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Model" htmlFor="llm-model">
          <input id="llm-model" required value={v.model} onChange={(e) => setV({ ...v, model: e.target.value })} className={INPUT} />
        </Field>
        <Field label="Base URL" htmlFor="llm-base" hint="Simulator: /sandbox/v1 on this server. A new base URL needs the API key again.">
          <input id="llm-base" required type="url" value={v.baseUrl} onChange={(e) => setV({ ...v, baseUrl: e.target.value })} className={INPUT} />
        </Field>
        <Field label="AI replies per customer (lifetime)" htmlFor="llm-cap" hint="Across all numbers; then silence.">
          <input id="llm-cap" type="number" min={0} value={v.customerReplyCap} onChange={(e) => setV({ ...v, customerReplyCap: Number(e.target.value) })} className={INPUT} />
        </Field>
        <Field label="Credits per AI reply" htmlFor="llm-credits" hint="Charged only when Meta accepts the reply.">
          <input id="llm-credits" type="number" min={0} value={v.creditsPerReply} onChange={(e) => setV({ ...v, creditsPerReply: Number(e.target.value) })} className={INPUT} />
        </Field>
      </div>
      {save.isSuccess && <SuccessNote>LLM settings saved; the next reply uses them.</SuccessNote>}
      {test.isSuccess && <SuccessNote>{`Connected: ${test.data.models} models listed${test.data.modelAvailable ? `, ${v.model} among them` : `; ${v.model} is not among them`}.`}</SuccessNote>}
      <ErrorNote error={save.error ?? test.error} />
      <div className="flex justify-end gap-2">
        <Button onClick={() => test.mutate()} disabled={test.isPending || !current.apiKeySet}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
