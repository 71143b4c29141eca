import type { AccountInfoView as Info, Channel } from '../../api/accounts.ts';
import { QualityBadge } from './QualityBadge.tsx';

/** A successful connection test: what Meta says about the account. */
export function ConnectionInfo({ channel, account: a, title = 'Connection OK' }: { channel: Channel; account: Info; title?: string }) {
  return (
    <div role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
      <p className="font-medium">{title}</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-emerald-900/80">
        {channel === 'whatsapp' ? (
          <>
            <dt>Verified name</dt>
            <dd className="font-medium">{a.verifiedName ?? '—'}</dd>
            <dt>Number</dt>
            <dd className="font-medium">{a.displayPhoneNumber ?? '—'}</dd>
            <dt>Quality</dt>
            <dd>
              <QualityBadge rating={a.qualityRating} />
            </dd>
            {a.status && (
              <>
                <dt>Status</dt>
                <dd className="font-medium">{a.status}</dd>
              </>
            )}
            {a.throughputLevel && (
              <>
                <dt>Throughput</dt>
                <dd className="font-medium">{a.throughputLevel}</dd>
              </>
            )}
          </>
        ) : (
          <>
            <dt>{channel === 'instagram' ? 'Username' : 'Page'}</dt>
            <dd className="font-medium">{a.handle ?? '—'}</dd>
            {channel === 'instagram' && (
              <>
                <dt>Name</dt>
                <dd className="font-medium">{a.verifiedName ?? '—'}</dd>
              </>
            )}
          </>
        )}
        <dt>ID</dt>
        <dd className="font-mono">{a.id}</dd>
      </dl>
    </div>
  );
}
