// The dashboard's live preview sends the editor's unsaved settings; this turns them into what the
// visitor API would answer (PublicWidgetView) without asking it. Half-typed values are normal
// here (a colour being typed, an empty name), so anything invalid shows its default instead.

import type { PublicWidgetView } from '../../server/webchat/schema.ts';
import { accentColor } from './theme.ts';

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const str = (v: unknown, fallback: string, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : fallback);
const fieldMode = (v: unknown) => (v === 'optional' || v === 'required' ? v : 'off');

/** The wa.me link the server builds: the number's digits and the prefilled text. */
export function whatsappLink(number: string, text: string): string {
  return `https://wa.me/${number}${text ? `?text=${encodeURIComponent(text)}` : ''}`;
}

export function previewWidget(settings: unknown, online: unknown = true): PublicWidgetView {
  const s = obj(settings);
  const preChat = obj(s.preChat);
  const wa = obj(s.whatsapp);
  const number = typeof wa.number === 'string' ? wa.number.replace(/\D/g, '') : '';
  const avatar = str(s.avatarUrl, '', 2000);
  return {
    key: 'preview',
    name: str(s.name, '', 100) || 'Your business',
    mode: s.mode === 'whatsapp' ? 'whatsapp' : 'chat',
    color: accentColor(s.color),
    position: s.position === 'left' ? 'left' : 'right',
    launcherText: str(s.launcherText, 'Chat with us', 40),
    greeting: str(s.greeting, 'Hi! How can we help you today?', 500),
    avatarUrl: /^https?:\/\//i.test(avatar) ? avatar : null,
    preChat: { name: fieldMode(preChat.name), email: fieldMode(preChat.email), phone: fieldMode(preChat.phone) },
    online: online !== false,
    offlineMessage: str(s.offlineMessage, "We're away right now. Leave a message and we'll reply as soon as we're back.", 500),
    whatsappUrl: /^[1-9]\d{7,14}$/.test(number) ? whatsappLink(number, str(wa.text, '', 500)) : null,
  };
}
