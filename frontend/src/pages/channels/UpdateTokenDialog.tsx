import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ACCOUNTS, accountLabel, type AccountView } from '../../api/accounts.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** Replaces the access token (the only edit): the server tests it first and reactivates the account. */
export function UpdateTokenDialog({ account, onClose }: { account: AccountView; onClose: (updated: boolean) => void }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const update = useMutation({
    mutationFn: () => api<AccountView>(`/accounts/${account.id}/token`, { method: 'PUT', body: { accessToken: token.trim() } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [ACCOUNTS] });
      onClose(true);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate();
  };
  return (
    <Dialog title={`Update token · ${accountLabel(account)}`} onClose={() => onClose(false)}>
      <form onSubmit={submit} className="space-y-4">
        <Field
          label="New access token"
          htmlFor="update-token"
          hint="Parley tests the token with Meta before saving it; a working token reactivates the account."
        >
          <input
            id="update-token"
            type="password"
            autoComplete="off"
            required
            autoFocus
            value={token}
            onChange={(e) => setToken(e.target.value)}
            className={INPUT}
          />
        </Field>
        <ErrorNote error={update.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => onClose(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={update.isPending || !token.trim()}>
            {update.isPending ? 'Testing and saving…' : 'Save token'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
