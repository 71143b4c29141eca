import type { PhoneInfo } from '../../api/numbers.ts';
import { QualityBadge } from './QualityBadge.tsx';

/** A successful connection test: what Meta says about the number. */
export function PhoneInfoView({ phone, title = 'Connection OK' }: { phone: PhoneInfo; title?: string }) {
  return (
    <div role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
      <p className="font-medium">{title}</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-emerald-900/80">
        <dt>Verified name</dt>
        <dd className="font-medium">{phone.verified_name ?? '—'}</dd>
        <dt>Number</dt>
        <dd className="font-medium">{phone.display_phone_number ?? '—'}</dd>
        <dt>Quality</dt>
        <dd>
          <QualityBadge rating={phone.quality_rating ?? null} />
        </dd>
        {phone.throughput?.level && (
          <>
            <dt>Throughput</dt>
            <dd className="font-medium">{phone.throughput.level}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
