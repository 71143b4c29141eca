import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useCampaign, useCampaignAction, type CampaignDetail } from '../../api/campaigns.ts';
import { CampaignCharts } from './CampaignCharts.tsx';
import { Button } from '../../components/Button.tsx';
import { Card, Row } from '../../components/Card.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote, Loading, SuccessNote } from '../../components/Notes.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatCards } from '../../components/StatCards.tsx';
import { formatCount as count, formatDateTime, formatPercent as percent } from '../../lib/format.ts';
import { useDownload } from '../../lib/useDownload.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { CampaignFailures } from './CampaignFailures.tsx';
import { CampaignStatusBadge, ProgressBar } from './CampaignStatusBadge.tsx';


function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

function Kpis({ stats }: { stats: CampaignDetail['stats'] }) {
  const kpis = [
    { label: 'Contacts', value: count(stats.total) },
    { label: 'Sent', value: count(stats.sent) },
    { label: 'Delivered', value: count(stats.delivered), note: percent(stats.deliveryRate) },
    { label: 'Read', value: count(stats.read), note: percent(stats.readRate) },
    { label: 'Failed', value: count(stats.failed) },
    { label: 'Waiting', value: count(stats.queued) },
  ];
  return <StatCards items={kpis.map((k) => ({ ...k, key: k.label.toLowerCase() }))} testId="kpi" gridClassName="grid-cols-2 sm:grid-cols-3 lg:grid-cols-6" />;
}

export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const created = (useLocation().state as { created?: boolean } | null)?.created;
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const detail = useCampaign(id);
  const action = useCampaignAction(id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const download = useDownload();

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return (
      <div className="space-y-3">
        <ErrorNote error={detail.error} />
        <Link to="/campaigns" className="text-sm text-emerald-700 underline">
          Back to campaigns
        </Link>
      </div>
    );
  }
  const { campaign: c, templates, stats, durationSeconds } = detail.data;
  const at = (iso: string | null) => (iso ? formatDateTime(iso, timeZone) : '–');
  const save = (path: string, filename: string) => download.mutate({ path, filename });
  const slug = c.name.replace(/[^\w-]+/g, '-').slice(0, 60);

  return (
    <>
      <PageHeader title={c.name} description={`${c.number.name}${c.number.phone ? ` (${c.number.phone})` : ''}${c.isTest ? ' · sandbox' : ''}`} />
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <CampaignStatusBadge status={c.status} />
        <div className="mr-auto w-48">
          <ProgressBar done={stats.sent + stats.failed} total={stats.total} />
        </div>
        {(c.status === 'running' || c.status === 'queued' || c.status === 'paused') && (
          <Button variant="danger" disabled={action.isPending} onClick={() => action.mutate('stop')}>
            Stop
          </Button>
        )}
        {(c.status === 'stopped' || (c.status === 'paused' && c.pauseKind === 'failures')) && (
          <Button variant="primary" disabled={action.isPending} onClick={() => action.mutate('resume')}>
            Resume
          </Button>
        )}
        {c.status === 'scheduled' && (
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        )}
        <Button disabled={download.isPending} onClick={() => save(`/campaigns/${id}/results.csv`, `${slug}-results.csv`)}>
          Export results (CSV)
        </Button>
      </div>
      <div className="mb-4 space-y-2 empty:hidden">
        {created && <SuccessNote>{c.status === 'scheduled' ? 'Campaign scheduled.' : 'Campaign created. Campaigns on one number send one after another.'}</SuccessNote>}
        {c.failureReason && (
          <p role="alert" className={`rounded-md px-3 py-2 text-sm ${c.status === 'failed' ? 'bg-red-50 text-red-700' : 'bg-amber-50 text-amber-800'}`}>
            {c.status === 'failed' ? 'Failed: ' : c.status === 'paused' ? 'Paused: ' : 'Stopped: '}
            {c.failureReason}
          </p>
        )}
        {c.invalidRows > 0 && (
          <p className="flex flex-wrap items-center gap-x-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
            <span data-testid="invalid-rows">
              {count(c.invalidRows)} invalid row{c.invalidRows === 1 ? '' : 's'} skipped
            </span>
            <button type="button" disabled={download.isPending} onClick={() => save(`/campaigns/${id}/invalid-rows.csv`, `${slug}-invalid-rows.csv`)} className="font-medium underline">
              Download skipped rows (CSV)
            </button>
          </p>
        )}
        <ErrorNote error={action.error} />
        <ErrorNote error={download.error} />
      </div>
      <Kpis stats={stats} />
      <p className="mt-2 text-xs text-neutral-500">Delivery stats may take up to 24 hours to fully update.</p>
      <CampaignCharts id={id} stats={stats} timeZone={timeZone} />
      <CampaignFailures campaignId={id} failed={stats.failed} />
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card title="Timing">
          {c.scheduledAt && <Row label="Scheduled for">{at(c.scheduledAt)}</Row>}
          <Row label="Started">{at(c.startedAt)}</Row>
          <Row label={c.status === 'stopped' ? 'Stopped' : 'Ended'}>{at(c.completedAt ?? c.stoppedAt)}</Row>
          <Row label="Duration">{duration(durationSeconds)}</Row>
          <Row label="Average send speed">{stats.avgSendPerSecond === null ? '–' : `${stats.avgSendPerSecond.toFixed(1)} msg/s`}</Row>
        </Card>
        <Card title="Templates">
          {templates.map((t) => (
            <Row key={t.id} label={`${t.position + 1}. ${t.name} (${t.language})`}>
              {t.contactCount ? `contacts ${count(t.firstContact + 1)}–${count(t.firstContact + t.contactCount)}` : 'no contacts'}
            </Row>
          ))}
          <Row label="Rows in the CSV">
            {count(c.totalRows)} ({count(c.validRows)} valid)
          </Row>
        </Card>
      </div>
      {confirmDelete && (
        <Dialog title={`Delete ${c.name}?`} onClose={() => setConfirmDelete(false)}>
          <p className="text-sm text-neutral-600">The campaign and its uploaded contacts are removed; nothing has been sent yet. A scheduled campaign cannot be edited: delete it and create it again.</p>
          <ErrorNote error={action.error} />
          <div className="mt-4 flex justify-end gap-2">
            <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
            <Button
              variant="danger"
              disabled={action.isPending}
              onClick={() => action.mutate('delete', { onSuccess: () => navigate('/campaigns', { replace: true }) })}
            >
              Delete campaign
            </Button>
          </div>
        </Dialog>
      )}
    </>
  );
}
