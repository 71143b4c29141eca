import { useMutation } from '@tanstack/react-query';

interface Props {
  email: string;
  resetPassword: (email: string) => Promise<void>;
}

/** Supabase mode only: emails a reset link to the address typed in the form. */
export function ForgotPassword({ email, resetPassword }: Props) {
  const reset = useMutation({
    mutationFn: async (to: string) => {
      if (!to) throw new Error('Enter your email above first.');
      await resetPassword(to);
    },
  });
  return (
    <div className="text-center text-sm">
      <button type="button" onClick={() => reset.mutate(email)} disabled={reset.isPending} className="font-medium text-emerald-700 hover:underline">
        Forgot password?
      </button>
      {reset.isSuccess && <p className="mt-2 text-neutral-600">If {reset.variables} has an account, a reset link is on its way.</p>}
      {reset.error && <p className="mt-2 text-red-700">{reset.error.message}</p>}
    </div>
  );
}
