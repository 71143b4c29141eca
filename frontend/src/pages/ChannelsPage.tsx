import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { accountLabel, CHANNEL_NAME, isMetaChannel, META_CHANNELS, useAccounts, type AccountView } from '../api/accounts.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState, ErrorNote, Loading, SuccessNote } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { AccountCard } from './channels/AccountCard.tsx';
import { AddAccountForm } from './channels/AddAccountForm.tsx';
import { DeleteAccountDialog } from './channels/DeleteAccountDialog.tsx';
import { UpdateTokenDialog } from './channels/UpdateTokenDialog.tsx';
import { WebChatSection } from './webchat/WebChatSection.tsx';

/**
 * WhatsApp numbers, Instagram accounts and Facebook Pages (their health, tokens, and a sandbox to
 * try them), then the website chat widgets, which have no token and are edited on their own page.
 */
export function ChannelsPage() {
  const accounts = useAccounts();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<AccountView | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // /channels?update=<id> (the "token expired" notification) opens the Update token dialog.
  const updateId = params.get('update');
  const updating = updateId ? accounts.data?.find((a) => a.id === updateId) : undefined;
  const setUpdate = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('update', id);
        else p.delete('update');
        return p;
      },
      { replace: !id },
    );
  // The accounts list names web chat widgets too: they are shown by the Web chat section.
  const metaAccounts = accounts.data?.filter((a) => isMetaChannel(a.channel));
  const groups = META_CHANNELS.map((channel) => ({ channel, items: metaAccounts?.filter((a) => a.channel === channel) ?? [] })).filter((g) => g.items.length > 0);

  return (
    <>
      <PageHeader title="Channels" description="Your WhatsApp numbers, Instagram accounts and Facebook Pages (connection health and access tokens), and the chat widgets for your website." />
      <div className="space-y-4">
        {!adding && (
          <div className="flex justify-end">
            <Button variant="primary" onClick={() => (setAdding(true), setDone(null))}>
              Add account
            </Button>
          </div>
        )}
        {adding && (
          <AddAccountForm
            onDone={(added) => {
              setAdding(false);
              if (added) setDone(`${accountLabel(added)} is connected.`);
            }}
          />
        )}
        {done && <SuccessNote>{done}</SuccessNote>}
        <ErrorNote error={accounts.error} />
        {updateId && accounts.data && !updating && (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
            That account is no longer connected.{' '}
            <button type="button" className="font-medium underline" onClick={() => setUpdate(null)}>
              Dismiss
            </button>
          </p>
        )}
        {accounts.isPending && <Loading />}
        {metaAccounts?.length === 0 && !adding && (
          <EmptyState title="No WhatsApp, Instagram or Messenger account yet">
            Choose <strong>Add account</strong>, pick WhatsApp, Instagram or Messenger and paste the ids and access token from Meta, or tick “Sandbox” to try Parley
            with the built-in simulator.
          </EmptyState>
        )}
        {groups.map(({ channel, items }) => (
          <section key={channel} aria-label={CHANNEL_NAME[channel]} className="space-y-2">
            <h2 className="text-xs font-semibold uppercase tracking-wide text-neutral-500">{CHANNEL_NAME[channel]}</h2>
            <ul className="space-y-3">
              {items.map((a) => (
                <AccountCard key={a.id} account={a} onUpdateToken={() => setUpdate(a.id)} onDelete={() => (setDeleting(a), setDone(null))} />
              ))}
            </ul>
          </section>
        ))}
        <WebChatSection />
      </div>
      {updating && (
        <UpdateTokenDialog
          account={updating}
          onClose={(updated) => {
            setUpdate(null);
            if (updated) setDone(`The token of ${accountLabel(updating)} was updated; the account is active.`);
          }}
        />
      )}
      {deleting && (
        <DeleteAccountDialog
          account={deleting}
          onCancel={() => setDeleting(null)}
          onDeleted={(count) => {
            setDone(`${accountLabel(deleting)} was deleted; ${count} conversation${count === 1 ? '' : 's'} archived, history kept.`);
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}
