import { Link } from 'react-router-dom';
import type { WidgetView } from '../../api/webchat.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';

// One widget on the Channels page: what it is, where it may show, and the way to its conversations.

export function WidgetCard({ widget: w, onDelete }: { widget: WidgetView; onDelete: () => void }) {
  const s = w.settings;
  const whatsapp = s.mode === 'whatsapp';
  return (
    <li data-testid="widget-card" data-name={s.name} className="rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 items-center gap-2">
          <span aria-hidden className="size-4 shrink-0 rounded-full ring-1 ring-black/10" style={{ backgroundColor: s.color }} />
          <h3 className="truncate text-sm font-semibold text-neutral-900">{s.name}</h3>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <Badge tone={whatsapp ? 'green' : 'teal'}>{whatsapp ? 'WhatsApp button' : 'Chat'}</Badge>
          {s.businessHours.enabled && <Badge title={s.businessHours.timeZone ?? undefined}>Business hours</Badge>}
        </div>
      </div>
      {s.allowedOrigins.length ? (
        <p className="mt-2 text-sm text-neutral-600">
          On <span className="break-all font-mono text-xs text-neutral-700">{s.allowedOrigins.join(', ')}</span>
        </p>
      ) : (
        <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">Not embeddable yet: add the sites that may show it.</p>
      )}
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-xs text-neutral-500 sm:grid-cols-2">
        <div>
          <dt className="inline">Key </dt>
          <dd className="inline font-mono text-neutral-700">{w.key}</dd>
        </div>
        {whatsapp && (
          <div>
            <dt className="inline">WhatsApp clicks </dt>
            <dd data-testid="widget-clicks" className="inline font-medium text-neutral-700">
              {w.clicks.toLocaleString()}
            </dd>
          </div>
        )}
      </dl>
      <div className="mt-4 flex flex-wrap gap-2">
        <Link to={`/channels/webchat/${w.id}`} className="inline-flex items-center rounded-md bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-emerald-700">
          Edit
        </Link>
        <Link
          to={`/inbox?accountId=${encodeURIComponent(w.id)}`}
          className="inline-flex items-center rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm font-medium text-neutral-700 shadow-xs hover:bg-neutral-50"
        >
          Conversations
        </Link>
        <Button variant="ghost" onClick={onDelete} className="text-red-700 hover:text-red-800">
          Delete
        </Button>
      </div>
    </li>
  );
}
