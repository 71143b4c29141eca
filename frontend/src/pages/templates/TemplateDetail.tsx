import { useTemplate } from '../../api/templates.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNote, Loading } from '../../components/Notes.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { TemplateBadges } from './TemplateBadges.tsx';
import { TemplateHistory } from './TemplateHistory.tsx';
import { TemplatePreview } from './TemplatePreview.tsx';
import { UnquarantineButton } from './UnquarantineButton.tsx';

export function TemplateDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useTemplate(id);
  const timeZone = useTimeZone();
  const t = detail.data?.template;
  return (
    <section data-testid="template-detail" aria-label="Template details" className="space-y-4 rounded-lg border border-neutral-200 bg-white p-4">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate font-mono text-sm font-semibold text-neutral-900">{t?.name ?? 'Template'}</h2>
          {t && <p className="text-xs text-neutral-500">{t.language} · Meta ID {t.metaTemplateId} · WABA {t.wabaId}</p>}
        </div>
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onClose} aria-label="Close details">
          Close
        </Button>
      </div>
      {detail.isPending && <Loading />}
      <ErrorNote error={detail.error} />
      {t && detail.data && (
        <>
          <TemplateBadges template={t} />
          {t.isQuarantined && <UnquarantineButton template={t} />}
          {!t.isActive && <p className="text-sm text-neutral-600">Deleted on Meta; kept here for its history.</p>}
          {t.rejectedReason && t.rejectedReason !== 'NONE' && <p className="text-sm text-red-700">Rejected by Meta: {t.rejectedReason}</p>}
          <div>
            <h3 className="mb-2 text-xs font-semibold tracking-wide text-neutral-500 uppercase">Preview</h3>
            <TemplatePreview components={t.components} />
          </div>
          <div>
            <h3 className="mb-2 text-xs font-semibold tracking-wide text-neutral-500 uppercase">History</h3>
            <TemplateHistory history={detail.data.history} />
          </div>
          {t.lastSyncedAt && <p className="text-xs text-neutral-400">Last synced {formatDateTime(t.lastSyncedAt, timeZone)}</p>}
        </>
      )}
    </section>
  );
}
