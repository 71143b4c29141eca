import { useState } from 'react';
import { useCannedReplies, useDeleteCannedReply, useSaveCannedReply, type CannedReply } from '../api/compose.ts';
import { Button } from '../components/Button.tsx';
import { Field, INPUT } from '../components/Field.tsx';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

const VARIABLES = ['{{contact.name}}', '{{contact.first_name}}', '{{contact.phone}}', '{{contact.id}}', '{{agent.name}}', '{{account.name}}'];

/** The team's canned replies: every member adds, edits and deletes them; typed as /shortcut in the inbox. */
export function CannedRepliesPage() {
  const list = useCannedReplies();
  const remove = useDeleteCannedReply();
  const [editing, setEditing] = useState<CannedReply | null>(null);
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Canned replies" description="Answers your team sends often. In the inbox, type / and the shortcut to insert one; its variables are filled for the customer." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <CannedReplyForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
        <section aria-label="Canned replies list" className="space-y-2">
          {list.isPending && <Loading />}
          <ErrorNote error={list.error ?? remove.error} />
          {list.isSuccess && items.length === 0 && <EmptyState title="No canned replies yet">Add the first one with the form.</EmptyState>}
          <ul className="space-y-2">
            {items.map((r) => (
              <li key={r.id} data-testid="canned-reply" className="rounded-lg border border-neutral-200 bg-white p-3">
                <div className="flex items-start gap-2">
                  <div className="min-w-0 flex-1">
                    <p className="font-mono text-sm font-medium text-emerald-800">/{r.shortcut}</p>
                    <p className="mt-1 whitespace-pre-wrap break-words text-sm text-neutral-700">{r.body}</p>
                    {r.createdBy && <p className="mt-1 text-xs text-neutral-400">Added by {r.createdBy.name}</p>}
                  </div>
                  <Button variant="ghost" onClick={() => setEditing(r)} aria-label={`Edit /${r.shortcut}`}>
                    Edit
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Delete /${r.shortcut}`}
                    disabled={remove.isPending}
                    onClick={() => window.confirm(`Delete the canned reply /${r.shortcut}?`) && remove.mutate(r.id)}
                  >
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

function CannedReplyForm({ editing, onDone }: { editing: CannedReply | null; onDone: () => void }) {
  const save = useSaveCannedReply();
  const [shortcut, setShortcut] = useState(editing?.shortcut ?? '');
  const [body, setBody] = useState(editing?.body ?? '');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({ id: editing?.id, shortcut: shortcut.trim().replace(/^\//, ''), body }, {
      onSuccess: () => {
        setShortcut('');
        setBody('');
        onDone();
      },
    });
  };
  return (
    <form onSubmit={submit} aria-label={editing ? 'Edit canned reply' : 'New canned reply'} className="space-y-3 self-start rounded-lg border border-neutral-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-neutral-900">{editing ? `Edit /${editing.shortcut}` : 'New canned reply'}</h2>
      <Field label="Shortcut" htmlFor="canned-shortcut" hint="Letters, digits, - and _; typed after / in the inbox.">
        <input id="canned-shortcut" value={shortcut} onChange={(e) => setShortcut(e.target.value)} required maxLength={33} className={INPUT} placeholder="thanks" />
      </Field>
      <Field label="Text" htmlFor="canned-body" hint={<>Variables: {VARIABLES.join(' ')}. A missing value is left out; an unknown variable stays for you to fill in.</>}>
        <textarea id="canned-body" value={body} onChange={(e) => setBody(e.target.value)} required rows={5} maxLength={4096} className={INPUT} placeholder="Thank you {{contact.first_name}}! …" />
      </Field>
      <ErrorNote error={save.error} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {editing ? 'Save' : 'Add canned reply'}
        </Button>
        {editing && <Button onClick={onDone}>Cancel</Button>}
      </div>
    </form>
  );
}
