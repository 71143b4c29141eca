import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { NUMBERS, type ConnectionResult, type PhoneInfo, type PhoneNumber } from '../../api/numbers.ts';
import { Button } from '../../components/Button.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { PhoneInfoView } from './PhoneInfoView.tsx';

interface Values {
  displayName: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  systemPrompt: string;
  sandbox: boolean;
}

const EMPTY: Values = { displayName: '', phoneNumberId: '', wabaId: '', accessToken: '', systemPrompt: '', sandbox: false };

/** What a connection test depends on: a change to any of these calls for a new test. */
const connectionKey = (v: Values) => JSON.stringify([v.phoneNumberId.trim(), v.accessToken.trim(), v.sandbox]);

const randomDigits = (n: number) => '1' + Array.from(crypto.getRandomValues(new Uint8Array(n - 1)), (b) => b % 10).join('');
const randomHex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

export function AddNumberForm({ onDone }: { onDone: (added: PhoneNumber | null) => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(EMPTY);
  const [tested, setTested] = useState<{ key: string; phone: PhoneInfo } | null>(null);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const key = connectionKey(values);

  const test = useMutation({
    mutationFn: (v: Values) =>
      api<ConnectionResult>('/numbers/test-connection', {
        method: 'POST',
        body: { phoneNumberId: v.phoneNumberId.trim(), accessToken: v.accessToken.trim(), sandbox: v.sandbox },
      }),
    onMutate: () => setTested(null),
    onSuccess: (data, v) => setTested({ key: connectionKey(v), phone: data.phone }),
  });
  const save = useMutation({
    mutationFn: () =>
      api<PhoneNumber>('/numbers', {
        method: 'POST',
        body: {
          displayName: values.displayName.trim(),
          phoneNumberId: values.phoneNumberId.trim(),
          wabaId: values.wabaId.trim(),
          accessToken: values.accessToken.trim(),
          systemPrompt: values.systemPrompt,
          sandbox: values.sandbox,
        },
      }),
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: [NUMBERS] });
      onDone(row);
    },
  });

  const testedNow = tested?.key === key;
  const canTest = !!values.phoneNumberId.trim() && !!values.accessToken.trim();
  const canSave = testedNow && !!values.displayName.trim() && !!values.wabaId.trim();
  const fillSandbox = () =>
    setValues((v) => ({
      ...v,
      displayName: v.displayName || 'Sandbox',
      phoneNumberId: randomDigits(15),
      wabaId: randomDigits(15),
      accessToken: `sandbox-${randomHex(16)}`,
    }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (canSave) save.mutate();
  };

  return (
    <form onSubmit={submit} aria-label="Add number" className="space-y-4 rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Add a WhatsApp number</h2>
      <label className="flex items-start gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={values.sandbox} onChange={(e) => set('sandbox', e.target.checked)} className="mt-0.5 size-4 accent-emerald-600" />
        Sandbox number (test data, talks to the built-in simulator)
      </label>
      {values.sandbox && (
        <Button onClick={fillSandbox}>Fill sandbox values</Button>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Display name" htmlFor="add-display-name" hint="How this number is shown in Parley, e.g. Support.">
          <input id="add-display-name" required value={values.displayName} onChange={(e) => set('displayName', e.target.value)} className={INPUT} />
        </Field>
        <Field label="Phone number ID" htmlFor="add-phone-number-id" hint="From WhatsApp Manager › API setup.">
          <input id="add-phone-number-id" required inputMode="numeric" value={values.phoneNumberId} onChange={(e) => set('phoneNumberId', e.target.value)} className={INPUT} />
        </Field>
        <Field label="WABA ID" htmlFor="add-waba-id" hint="WhatsApp Business Account ID.">
          <input id="add-waba-id" required inputMode="numeric" value={values.wabaId} onChange={(e) => set('wabaId', e.target.value)} className={INPUT} />
        </Field>
        <Field label="Access token" htmlFor="add-access-token" hint="A permanent system-user token; stored encrypted, never shown again.">
          <input id="add-access-token" type="password" autoComplete="off" required value={values.accessToken} onChange={(e) => set('accessToken', e.target.value)} className={INPUT} />
        </Field>
      </div>
      <Field label="System prompt" htmlFor="add-system-prompt" hint="Instructions for auto-replies on this number (optional).">
        <textarea id="add-system-prompt" rows={4} value={values.systemPrompt} onChange={(e) => set('systemPrompt', e.target.value)} className={INPUT} />
      </Field>
      <div className="space-y-2">
        {testedNow && tested && <PhoneInfoView phone={tested.phone} />}
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
