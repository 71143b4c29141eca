import type { OpeningSpan, PreChatMode, WidgetSettings, WidgetSettingsInput } from '../../api/webchat.ts';
import { PREVIEW_SETTINGS, type PreviewSettingsMessage } from '../../../widget/protocol.ts';

// The widget editor's values and what they become: the PUT/POST body, and the settings the live
// preview shows while nothing is saved. Pure (no React), so it is tested on its own.

export interface WidgetFormValues {
  name: string;
  mode: 'chat' | 'whatsapp';
  color: string;
  position: 'right' | 'left';
  launcherText: string;
  greeting: string;
  avatarUrl: string;
  preChat: { name: PreChatMode; email: PreChatMode; phone: PreChatMode };
  hoursEnabled: boolean;
  timeZone: string;
  /** Opening spans, flat in the order the server reports errors for (businessHours.days.<i>). */
  days: OpeningSpan[];
  offlineMessage: string;
  /** One entry per row of the list; blank rows are dropped on save. */
  allowedOrigins: string[];
  whatsappNumber: string;
  whatsappText: string;
}

/** The key the preview frame is opened with for a widget that has none yet. */
export const PREVIEW_KEY = 'preview';

export const DEFAULT_COLOR = '#0f766e';

/** A new widget starts from the server's defaults (server/webchat/schema.ts), so what the preview shows is what POST would store. */
export function newWidgetValues(appTimeZone: string): WidgetFormValues {
  return {
    name: '',
    mode: 'chat',
    color: DEFAULT_COLOR,
    position: 'right',
    launcherText: 'Chat with us',
    greeting: 'Hi! How can we help you today?',
    avatarUrl: '',
    preChat: { name: 'off', email: 'off', phone: 'off' },
    hoursEnabled: false,
    timeZone: appTimeZone,
    days: [],
    offlineMessage: "We're away right now. Leave a message and we'll reply as soon as we're back.",
    allowedOrigins: [],
    whatsappNumber: '',
    whatsappText: '',
  };
}

export function valuesFromSettings(s: WidgetSettings, appTimeZone: string): WidgetFormValues {
  return {
    name: s.name,
    mode: s.mode,
    color: s.color,
    position: s.position,
    launcherText: s.launcherText,
    greeting: s.greeting,
    avatarUrl: s.avatarUrl ?? '',
    preChat: { ...s.preChat },
    hoursEnabled: s.businessHours.enabled,
    // Absent: the app's time zone applies; the select shows it so the admin sees which one.
    timeZone: s.businessHours.timeZone ?? appTimeZone,
    days: s.businessHours.days.map((d) => ({ ...d })),
    offlineMessage: s.offlineMessage,
    allowedOrigins: [...s.allowedOrigins],
    whatsappNumber: s.whatsapp?.number ?? '',
    whatsappText: s.whatsapp?.text ?? '',
  };
}

/** "+91 98765-43210" -> "919876543210": what the schema takes (country code and digits). */
export const whatsappDigits = (number: string) => number.replace(/[\s()+.-]/g, '');

/** The body of POST/PUT: every setting, trimmed; blank origin rows and an empty avatar dropped. */
export function settingsFromValues(v: WidgetFormValues): WidgetSettingsInput {
  const number = whatsappDigits(v.whatsappNumber);
  return {
    name: v.name.trim(),
    mode: v.mode,
    color: v.color.trim(),
    position: v.position,
    launcherText: v.launcherText.trim(),
    greeting: v.greeting.trim(),
    avatarUrl: v.avatarUrl.trim() || null,
    preChat: { ...v.preChat },
    businessHours: { enabled: v.hoursEnabled, ...(v.timeZone ? { timeZone: v.timeZone } : {}), days: v.days.map((d) => ({ ...d })) },
    offlineMessage: v.offlineMessage.trim(),
    allowedOrigins: v.allowedOrigins.map((o) => o.trim()).filter(Boolean),
    // Kept in chat mode too, so switching modes back and forth loses nothing.
    whatsapp: number ? { number, text: v.whatsappText.trim() } : null,
  };
}

/** The rows the admin left blank are not origins: removed before saving, so error paths match the rows. */
export const withoutBlankOrigins = (v: WidgetFormValues): WidgetFormValues => ({ ...v, allowedOrigins: v.allowedOrigins.filter((o) => o.trim()) });

export const isHexColor = (color: string) => /^#[0-9a-fA-F]{6}$/.test(color.trim());

/** https://wa.me/<digits>?text=<encoded>, as the widget opens it (no text: no query). */
export function whatsappUrl(number: string, text: string): string | null {
  const digits = whatsappDigits(number);
  if (!/^[1-9]\d{7,14}$/.test(digits)) return null;
  const t = text.trim();
  return `https://wa.me/${digits}${t ? `?text=${encodeURIComponent(t)}` : ''}`;
}

/**
 * What the preview frame is sent (the frame's protocol, frontend/widget/protocol.ts): the body Save
 * would send, unsaved, online. While the colour field holds half a hex code the last valid colour
 * is kept (the caller passes it).
 */
export interface WidgetPreviewMessage extends PreviewSettingsMessage {
  settings: WidgetSettingsInput;
  online: boolean;
}

export function widgetPreviewMessage(v: WidgetFormValues, lastValidColor: string): WidgetPreviewMessage {
  const settings = settingsFromValues(v);
  return { type: PREVIEW_SETTINGS, settings: { ...settings, color: isHexColor(v.color) ? settings.color : lastValidColor }, online: true };
}

/** Days in the order a week is read (Monday first); `day` is the schema's (0 Sunday). */
export const WEEK: Array<{ day: number; name: string }> = [
  { day: 1, name: 'Monday' },
  { day: 2, name: 'Tuesday' },
  { day: 3, name: 'Wednesday' },
  { day: 4, name: 'Thursday' },
  { day: 5, name: 'Friday' },
  { day: 6, name: 'Saturday' },
  { day: 0, name: 'Sunday' },
];

/** At most this many spans in all (the schema's limit): three a day. */
export const MAX_SPANS = 21;

/** The spans of one day with their index in `days` (the index the server's error paths use). */
export const spansOf = (days: OpeningSpan[], day: number) => days.flatMap((span, index) => (span.day === day ? [{ span, index }] : []));

/** A day opened: 09:00-17:00 unless it already has hours; a further span starts where the last one closed. */
export function addSpan(days: OpeningSpan[], day: number): OpeningSpan[] {
  if (days.length >= MAX_SPANS) return days;
  const last = spansOf(days, day).at(-1)?.span;
  const open = last ? last.close : '09:00';
  const close = last ? (last.close < '20:00' ? '20:00' : '00:00') : '17:00';
  return [...days, { day, open, close }];
}

export const removeSpan = (days: OpeningSpan[], index: number) => days.filter((_, i) => i !== index);
export const closeDay = (days: OpeningSpan[], day: number) => days.filter((d) => d.day !== day);

/** Monday to Friday, 09:00 to 17:00: one click for the usual office week. */
export const OFFICE_WEEK: OpeningSpan[] = [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' }));

/** Whether the form holds anything not saved (compared as the request it would send). */
export const isDirty = (v: WidgetFormValues, saved: WidgetFormValues) => JSON.stringify(settingsFromValues(v)) !== JSON.stringify(settingsFromValues(saved));

/** What each section of the editor gets: the values, a setter, and the server's messages by field path. */
export interface SectionProps {
  values: WidgetFormValues;
  set: <K extends keyof WidgetFormValues>(key: K, value: WidgetFormValues[K]) => void;
  errors: Record<string, string>;
}
