import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useWidgets, type WidgetView } from '../../api/webchat.ts';
import { ErrorNote, Loading, SuccessNote } from '../../components/Notes.tsx';
import { DeleteWidgetDialog } from './DeleteWidgetDialog.tsx';
import { WidgetCard } from './WidgetCard.tsx';

// Channels > Web chat: the chat widgets for the admins' own websites, each a channel account whose
// conversations land in the inbox like any other.

export function WebChatSection() {
  const widgets = useWidgets();
  const [deleting, setDeleting] = useState<WidgetView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-label="Web chat" className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 className="text-xs font-semibold uppercase tracking-wide text-neutral-500">Web chat</h2>
          <p className="text-xs text-neutral-500">A chat widget (or a WhatsApp button) for your website, answered from the inbox.</p>
        </div>
        <Link
          to="/channels/webchat/new"
          className="inline-flex items-center rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm font-medium text-neutral-700 shadow-xs hover:bg-neutral-50"
        >
          New web chat widget
        </Link>
      </div>
      {done && <SuccessNote>{done}</SuccessNote>}
      <ErrorNote error={widgets.error} />
      {widgets.isPending && <Loading />}
      {widgets.data?.length === 0 && (
        <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-3 text-sm text-neutral-500">
          No widget yet. Choose <strong>New web chat widget</strong>: set its look, copy its snippet into your site, and visitors' messages arrive in the inbox.
        </p>
      )}
      <ul className="space-y-3">
        {widgets.data?.map((w) => <WidgetCard key={w.id} widget={w} onDelete={() => (setDeleting(w), setDone(null))} />)}
      </ul>
      {deleting && (
        <DeleteWidgetDialog
          widget={deleting}
          onCancel={() => setDeleting(null)}
          onDeleted={() => {
            setDone(`${deleting.settings.name} was deleted; its conversations are archived, history kept.`);
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}
