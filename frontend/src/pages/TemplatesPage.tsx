import { PlaceholderPage } from './PlaceholderPage.tsx';

export function TemplatesPage() {
  return <PlaceholderPage title="Templates" description="WhatsApp message templates with their approval status, ready to use in campaigns." />;
}
