import { PlaceholderPage } from './PlaceholderPage.tsx';

export function NotificationsPage() {
  return <PlaceholderPage title="Notifications" description="Alerts about campaigns, numbers and conversations that need your attention." />;
}
