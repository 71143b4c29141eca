import { useConfig, useMe } from '../api/queries.ts';
import { Card, Row } from '../components/Card.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';

/** Everyone's own account (agents cannot open Settings): who they are, their role, their password. */
export function AccountPage() {
  const me = useMe().data;
  const config = useConfig().data;
  return (
    <>
      <PageHeader title="Your account" description="Your sign-in details and password." />
      <div className="max-w-xl space-y-4">
        <Card title="Account">
          <Row label="Email">{me?.user.email}</Row>
          <Row label="Role">{me?.user.role}</Row>
          <Row label="Workspace">{me?.workspace.name}</Row>
          <Row label="Time zone">{config?.timezone}</Row>
        </Card>
        <ChangePasswordCard />
      </div>
    </>
  );
}
