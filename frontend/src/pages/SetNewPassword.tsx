import { NewPasswordForm } from '../auth/NewPasswordForm.tsx';

interface Props {
  email: string;
  setPassword(next: string): Promise<void>;
  onDone(): void;
}

/** Supabase mode: where the emailed recovery link lands; the dashboard opens once the password is set. */
export function SetNewPassword({ email, setPassword, onDone }: Props) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-neutral-50 px-4">
      <title>Set a new password · Parley</title>
      <div className="w-full max-w-sm">
        <h1 className="text-center text-2xl font-semibold tracking-tight text-neutral-900">Set a new password</h1>
        <p className="mt-1 text-center text-sm text-neutral-500">for {email}</p>
        <div className="mt-6 rounded-lg border border-neutral-200 bg-white p-6 shadow-sm">
          <NewPasswordForm askCurrent={false} submitLabel="Save password" onSubmit={setPassword} onDone={onDone} />
        </div>
      </div>
    </main>
  );
}
