import { PlaceholderPage } from './PlaceholderPage.tsx';

export function InboxPage() {
  return <PlaceholderPage title="Inbox" description="Conversations from WhatsApp, Instagram, Messenger and the website chat, with replies and auto-replies." />;
}
