import { useConfig, useMe, useVersion } from '../api/queries.ts';
import { Card, Row } from '../components/Card.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../lib/format.ts';
import { Activity } from './home/Activity.tsx';
import { Checklist } from './home/Checklist.tsx';

export function HomePage() {
  const me = useMe();
  const version = useVersion();
  const timezone = useConfig().data?.timezone;
  const error = me.error ?? version.error;
  return (
    <>
      <PageHeader title="Home" description={me.data ? `Welcome to ${me.data.workspace.name}.` : 'Your workspace at a glance.'} />
      {error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      {me.data && <Checklist workspaceId={me.data.workspace.id} />}
      <Activity />
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Server">
          {version.data ? (
            <>
              <Row label="Version">
                {version.data.version}
                {version.data.commit && <span className="ml-1 font-normal text-neutral-400">({version.data.commit.slice(0, 7)})</span>}
              </Row>
              <Row label="Database">{version.data.mode === 'embedded' ? 'Embedded Postgres' : 'External Postgres'}</Row>
              <Row label="Started at">{formatDateTime(version.data.startedAt, timezone)}</Row>
            </>
          ) : (
            <Loading />
          )}
        </Card>
        <Card title="Account">
          {me.data ? (
            <>
              <Row label="Workspace">{me.data.workspace.name}</Row>
              <Row label="Signed in as">{me.data.user.email}</Row>
              <Row label="Role">{me.data.user.role}</Row>
            </>
          ) : (
            <Loading />
          )}
        </Card>
      </div>
    </>
  );
}

function Loading() {
  return <p className="text-neutral-400">Loading…</p>;
}
