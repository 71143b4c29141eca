import { useConfig } from '../api/queries.ts';
import { useAuth } from '../auth/AuthContext.ts';
import { Card, Row } from '../components/Card.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';
import { SettingsTabs } from './team/SettingsTabs.tsx';
import { AiStatusCard } from './autoReplies/AiStatusCard.tsx';
import { CreditsCard } from './autoReplies/CreditsCard.tsx';
import { LlmSettingsCard } from './autoReplies/LlmSettingsCard.tsx';
import { InboxSettingsCard } from './settings/InboxSettingsCard.tsx';
import { LabelsCard } from './settings/LabelsCard.tsx';

const AUTH_MODES = {
  local: 'Local (email and password kept on this server)',
  supabase: 'Supabase Auth',
};

export function SettingsPage() {
  const { user } = useAuth();
  const config = useConfig().data; // loaded before any page renders (see AuthProvider)
  return (
    <>
      <PageHeader title="Settings" description="Whether AI replies are on, the LLM used by the agents, your credits, and your account." />
      <SettingsTabs />
      <div className="max-w-xl space-y-4">
        <AiStatusCard />
        <LlmSettingsCard />
        <CreditsCard />
        <InboxSettingsCard />
        <LabelsCard />
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
