import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../components/Button.tsx';
import { Field, INPUT } from '../components/Field.tsx';
import { ErrorNote, SuccessNote } from '../components/Notes.tsx';

// The server refuses shorter ones (server/auth/passwords.ts); a Supabase project may ask for more,
// and then its own message is shown.
export const MIN_PASSWORD_LENGTH = 10;

/** Why the new password cannot be sent yet, in words for the form; null when it can. */
export function newPasswordProblem(next: string, repeated: string): string | null {
  if (next.length < MIN_PASSWORD_LENGTH) return `The new password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (next !== repeated) return 'The two new passwords do not match.';
  return null;
}

interface Props {
  /** Local mode asks for the current password; a Supabase recovery link already proved the user. */
  askCurrent: boolean;
  submitLabel: string;
  /** Throws an Error whose message is shown as is. */
  onSubmit(next: string, current: string): Promise<void>;
  onDone?(): void;
}

/** New password typed twice (and the current one when asked), checked before it is sent. */
export function NewPasswordForm({ askCurrent, submitLabel, onSubmit, onDone }: Props) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => onSubmit(next, current),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeated('');
      onDone?.();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = newPasswordProblem(next, repeated);
    setProblem(found);
    if (!found) save.mutate();
  };
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {askCurrent && (
        <Field label="Current password" htmlFor="current-password">
          <input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} className={INPUT} />
        </Field>
      )}
      <Field label="New password" htmlFor="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        <input id="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} className={INPUT} />
      </Field>
      <Field label="Repeat the new password" htmlFor="repeat-password">
        <input id="repeat-password" type="password" autoComplete="new-password" value={repeated} onChange={(e) => setRepeated(e.target.value)} className={INPUT} />
      </Field>
      <ErrorNote error={problem ? new Error(problem) : save.error} />
      {save.isSuccess && !problem && <SuccessNote>Password changed.</SuccessNote>}
      <Button type="submit" variant="primary" disabled={save.isPending || (askCurrent && !current) || !next}>
        {submitLabel}
      </Button>
    </form>
  );
}
