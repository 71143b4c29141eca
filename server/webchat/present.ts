import type { z } from 'zod';
import { MEDIA_TYPES, type MediaType } from '../channels/channel.ts';
import { clientIdOf } from '../channels/webchat/index.ts';
import { iso } from '../http/present.ts';
import type { VisitorMessageRow, VisitorRow, WidgetRow } from './queries.ts';
import type { PublicWidgetView, visitorView, WidgetMessageView, WidgetView } from './schema.ts';

// Web chat rows as the API shows them: a widget to its admins (with the snippet), the same
// widget to a visitor (never its allowed origins or counts), and messages as a visitor reads
// them: from them or from the business, with the name of the person who wrote (never an email).

export function presentWidget(w: WidgetRow, publicUrl: string): WidgetView {
  return {
    id: w.id,
    key: w.key,
    settings: w.settings,
    snippet: `<script src="${publicUrl}/widget.js" data-widget="${w.key}" async></script>`,
    clicks: w.clicks,
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
  };
}

export function presentPublicWidget(w: WidgetRow, online: boolean): PublicWidgetView {
  const s = w.settings;
  return {
    key: w.key,
    name: s.name,
    mode: s.mode,
    color: s.color,
    position: s.position,
    launcherText: s.launcherText,
    greeting: s.greeting,
    avatarUrl: s.avatarUrl,
    preChat: s.preChat,
    online,
    offlineMessage: s.offlineMessage,
    whatsappUrl: s.mode === 'whatsapp' && s.whatsapp ? whatsappUrl(s.whatsapp.number, s.whatsapp.text) : null,
  };
}

export const whatsappUrl = (number: string, text: string) => `https://wa.me/${number}${text ? `?text=${encodeURIComponent(text)}` : ''}`;

export const presentVisitor = (v: Pick<VisitorRow, 'profile_name' | 'email' | 'phone'> | null): z.infer<typeof visitorView> => ({
  name: v?.profile_name ?? null,
  email: v?.email ?? null,
  phone: v?.phone ?? null,
});

const isMedia = (t: string): t is MediaType => (MEDIA_TYPES as readonly string[]).includes(t);

/** A sent file's URL and name, from the payload compose recorded (WhatsApp's `link`, the others' `attachments`). */
function mediaOf(m: Pick<VisitorMessageRow, 'type' | 'payload'>): WidgetMessageView['media'] {
  if (!isMedia(m.type) || !m.payload || typeof m.payload !== 'object') return null;
  const p = m.payload as { link?: unknown; filename?: unknown; attachments?: Array<{ url?: unknown }> };
  const url = typeof p.link === 'string' ? p.link : Array.isArray(p.attachments) && typeof p.attachments[0]?.url === 'string' ? p.attachments[0].url : null;
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return { type: m.type, url, filename: typeof p.filename === 'string' ? p.filename : null };
}

export function presentWidgetMessage(m: VisitorMessageRow, widgetName: string): WidgetMessageView {
  const fromVisitor = m.direction === 'inbound';
  return {
    id: String(m.id),
    from: fromVisitor ? 'visitor' : 'business',
    text: m.body,
    media: mediaOf(m),
    author: fromVisitor ? null : (m.user_name ?? widgetName),
    at: iso(m.sent_at ?? m.created_at),
    clientId: fromVisitor ? clientIdOf(m.external_id) : null,
  };
}
