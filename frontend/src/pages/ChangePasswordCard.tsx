import { useAuth } from '../auth/AuthContext.ts';
import { NewPasswordForm } from '../auth/NewPasswordForm.tsx';

/** Local mode: the admin changes the password here; every other signed-in device is signed out. */
export function ChangePasswordCard() {
  const { changePassword } = useAuth();
  if (!changePassword) return null;
  return (
    <section aria-label="Password" className="rounded-lg border border-neutral-200 bg-white p-5">
      <h2 className="text-sm font-semibold text-neutral-900">Password</h2>
      <p className="mb-3 mt-1 text-xs text-neutral-500">Changing it signs out every other browser where you are signed in.</p>
      <NewPasswordForm askCurrent submitLabel="Change password" onSubmit={(next, current) => changePassword(current, next)} />
    </section>
  );
}
