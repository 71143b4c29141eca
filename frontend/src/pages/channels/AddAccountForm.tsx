import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ACCOUNTS, CHANNEL_NAME, META_CHANNELS, type AccountInfoView, type AccountView, type ConnectionResult, type MetaChannel } from '../../api/accounts.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { addRequest, CHANNEL_FORMS, connectionRequest, emptyValues, type AccountValues, type IdKey } from './channelForms.ts';
import { ConnectionInfo } from './ConnectionInfo.tsx';

/** What a connection test depends on: a change to any of these calls for a new test. */
const connectionKey = (v: AccountValues) => JSON.stringify(connectionRequest(v));

const randomHex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Pick the channel, then its fields; Save stays off until Test connection passed for what is typed. */
export function AddAccountForm({ onDone }: { onDone: (added: AccountView | null) => void }) {
  const [channel, setChannel] = useState<MetaChannel | null>(null);
  return (
    <section aria-label="Add account" className="space-y-4 rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
      <fieldset>
        <legend className="text-sm font-semibold text-neutral-900">Connect a channel</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-3">
          {META_CHANNELS.map((c) => (
            <label key={c} className={`flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm ${channel === c ? 'border-emerald-600 bg-emerald-50/50' : 'border-neutral-200 hover:bg-neutral-50'}`}>
              <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} className="mt-0.5 accent-emerald-600" />
              <span>
                <span className="block font-medium text-neutral-900">{CHANNEL_NAME[c]}</span>
                <span className="block text-xs text-neutral-500">{CHANNEL_FORMS[c].summary}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {/* A new channel starts from empty fields: ids of one channel mean nothing on another. */}
      {channel ? (
        <AccountFields key={channel} channel={channel} onDone={onDone} />
      ) : (
        <div className="flex justify-end">
          <Button onClick={() => onDone(null)}>Cancel</Button>
        </div>
      )}
    </section>
  );
}

function AccountFields({ channel, onDone }: { channel: MetaChannel; onDone: (added: AccountView | null) => void }) {
  const queryClient = useQueryClient();
  const form = CHANNEL_FORMS[channel];
  const [values, setValues] = useState<AccountValues>(emptyValues(channel));
  const [tested, setTested] = useState<{ key: string; account: AccountInfoView } | null>(null);
  const set = <K extends keyof AccountValues>(key: K, value: AccountValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setId = (key: IdKey, value: string) => setValues((v) => ({ ...v, ids: { ...v.ids, [key]: value } }));
  const key = connectionKey(values);

  const test = useMutation({
    mutationFn: (v: AccountValues) => api<ConnectionResult>('/accounts/test-connection', { method: 'POST', body: connectionRequest(v) }),
    onMutate: () => setTested(null),
    onSuccess: (data, v) => setTested({ key: connectionKey(v), account: data.account }),
  });
  const save = useMutation({
    mutationFn: () => api<AccountView>('/accounts', { method: 'POST', body: addRequest(values) }),
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: [ACCOUNTS] });
      onDone(row);
    },
  });

  const idsTyped = form.ids.every((f) => values.ids[f.key].trim());
  const testedNow = tested?.key === key;
  const canTest = !!values.ids[form.ids[0].key].trim() && !!values.accessToken.trim();
  const canSave = testedNow && idsTyped && !!values.displayName.trim();
  const fillSandbox = () =>
    setValues((v) => ({
      ...v,
      displayName: v.displayName || `Sandbox ${CHANNEL_NAME[channel]}`,
      ids: { ...v.ids, ...Object.fromEntries(form.ids.map((f) => [f.key, f.sandbox()])) },
      accessToken: `sandbox-${randomHex(16)}`,
    }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (canSave) save.mutate();
  };

  return (
    <form onSubmit={submit} aria-label={`Add ${form.noun}`} className="space-y-4">
      <h2 className="flex items-center gap-2 text-sm font-semibold text-neutral-900">
        Add {/^[AEIOU]/.test(form.noun) ? 'an' : 'a'} {form.noun} <ChannelBadge channel={channel} />
      </h2>
      <label className="flex items-start gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={values.sandbox} onChange={(e) => set('sandbox', e.target.checked)} className="mt-0.5 size-4 accent-emerald-600" />
        Sandbox (test data: talks to the built-in simulator, no Meta account needed)
      </label>
      {values.sandbox && <Button onClick={fillSandbox}>Fill sandbox values</Button>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Display name" htmlFor="add-display-name" hint="How this account is shown in Parley, e.g. Support.">
          <input id="add-display-name" required value={values.displayName} onChange={(e) => set('displayName', e.target.value)} className={INPUT} />
        </Field>
        {form.ids.map((f) => (
          <Field key={f.key} label={f.label} htmlFor={`add-${f.key}`} hint={f.hint}>
            <input id={`add-${f.key}`} required inputMode="numeric" value={values.ids[f.key]} onChange={(e) => setId(f.key, e.target.value)} className={INPUT} />
          </Field>
        ))}
        <Field label="Access token" htmlFor="add-access-token" hint={form.tokenHint}>
          <input id="add-access-token" type="password" autoComplete="off" required value={values.accessToken} onChange={(e) => set('accessToken', e.target.value)} className={INPUT} />
        </Field>
      </div>
      <Field label="System prompt" htmlFor="add-system-prompt" hint="Instructions for the AI agent answering on this account (optional; creates its agent).">
        <textarea id="add-system-prompt" rows={4} value={values.systemPrompt} onChange={(e) => set('systemPrompt', e.target.value)} className={INPUT} />
      </Field>
      <div className="space-y-2">
        {testedNow && tested && <ConnectionInfo channel={channel} account={tested.account} />}
        {tested && !testedNow && <p className="text-sm text-amber-700">The ID, token or sandbox setting changed since the last test: test the connection again.</p>}
        <ErrorNote error={test.error} />
        <ErrorNote error={save.error} />
      </div>
      <div className="flex flex-wrap items-center justify-end gap-2">
        {!testedNow && <span className="mr-auto text-xs text-neutral-500">Test the connection to enable Save.</span>}
        <Button onClick={() => onDone(null)}>Cancel</Button>
        <Button onClick={() => test.mutate(values)} disabled={!canTest || test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </Button>
        <Button type="submit" variant="primary" disabled={!canSave || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
