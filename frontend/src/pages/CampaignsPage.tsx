import { PlaceholderPage } from './PlaceholderPage.tsx';

export function CampaignsPage() {
  return <PlaceholderPage title="Campaigns" description="Template campaigns sent from a CSV of contacts, with delivery, read and reply counts." />;
}
