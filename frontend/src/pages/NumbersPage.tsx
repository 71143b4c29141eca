import { PlaceholderPage } from './PlaceholderPage.tsx';

export function NumbersPage() {
  return <PlaceholderPage title="Numbers" description="Your WhatsApp Business numbers and connected Instagram and Messenger accounts, with their connection health." />;
}
