import { useConfig } from '../api/queries.ts';
import { useAuth } from '../auth/AuthContext.ts';
import { Card, Row } from '../components/Card.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';
import { CreditsCard } from './autoReplies/CreditsCard.tsx';
import { LlmSettingsCard } from './autoReplies/LlmSettingsCard.tsx';

const AUTH_MODES = {
  local: 'Local (email and password kept on this server)',
  supabase: 'Supabase Auth',
};

export function SettingsPage() {
  const { user } = useAuth();
  const config = useConfig().data; // loaded before any page renders (see AuthProvider)
  return (
    <>
      <PageHeader title="Settings" description="Your account, the LLM used by the agents, and your credits." />
      <div className="max-w-xl space-y-4">
        <LlmSettingsCard />
        <CreditsCard />
        <Card title="Account">
          <Row label="Email">{user?.email}</Row>
          <Row label="Sign-in">{config && AUTH_MODES[config.authMode]}</Row>
          <Row label="Time zone">{config?.timezone}</Row>
        </Card>
        <ChangePasswordCard />
      </div>
    </>
  );
}
