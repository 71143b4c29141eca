import { z } from 'zod';

// The web chat's requests and answers: the admin's widget settings (Channels > Web chat), and the
// visitor's side, called by the widget's frame with the visitor's token. The dashboard and the
// widget import these types; every route publishes them in /api/openapi.json.

const hexColor = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb');
const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM (24-hour)');

/** A site allowed to embed the widget: scheme, host and optional port; `*.` allows its subdomains. */
export const allowedOrigin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/, 'an origin is scheme://host[:port], e.g. https://shop.example.com or https://*.example.com, with no path');

export const PRE_CHAT_FIELDS = ['name', 'email', 'phone'] as const;
export const fieldMode = z.enum(['off', 'optional', 'required']);

export const businessHours = z
  .object({
    enabled: z.boolean().default(false),
    /** IANA zone; the app's time zone (APP_TIMEZONE) when absent. */
    timeZone: z.string().trim().max(64).optional(),
    /** Opening spans; day 0 is Sunday. A day with no span is closed. `close` 00:00 is midnight at the day's end. */
    days: z.array(z.object({ day: z.number().int().min(0).max(6), open: hhmm, close: hhmm }).strict()).max(21).default([]),
  })
  .strict();

/** Everything the admin sets on a widget (PUT sends all of it; POST takes defaults for what is absent). */
export const widgetSettingsObject = z
  .object({
    name: z.string().trim().min(1, 'a widget needs a name').max(100),
    /** `chat`: the chat panel; `whatsapp`: a button that opens WhatsApp (wa.me) with a prefilled text. */
    mode: z.enum(['chat', 'whatsapp']).default('chat'),
    color: hexColor.default('#0f766e'),
    position: z.enum(['right', 'left']).default('right'),
    launcherText: z.string().trim().max(40).default('Chat with us'),
    greeting: z.string().trim().max(500).default('Hi! How can we help you today?'),
    avatarUrl: httpsUrl.nullable().default(null),
    preChat: z
      .object({ name: fieldMode.default('off'), email: fieldMode.default('off'), phone: fieldMode.default('off') })
      .strict()
      .default({ name: 'off', email: 'off', phone: 'off' }),
    businessHours: businessHours.default({ enabled: false, days: [] }),
    offlineMessage: z.string().trim().max(500).default("We're away right now. Leave a message and we'll reply as soon as we're back."),
    /** Sites that may embed it; empty: nowhere yet (the dashboard's preview always works). */
    allowedOrigins: z.array(allowedOrigin).max(20).default([]),
    whatsapp: z
      .object({
        /** The WhatsApp number with its country code, digits only. */
        number: z.string().trim().regex(/^[1-9]\d{7,14}$/, 'the number is its country code and digits, e.g. 919876543210'),
        text: z.string().trim().max(500).default(''),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export const widgetSettings = widgetSettingsObject.refine((s) => s.mode !== 'whatsapp' || s.whatsapp !== null, { message: 'WhatsApp mode needs the number', path: ['whatsapp'] });
export type WidgetSettings = z.infer<typeof widgetSettings>;

export const widgetView = z.object({
  /** The widget's channel account id (the inbox's account). */
  id: z.string(),
  /** The public key in the snippet: it grants only this widget's visitor side. */
  key: z.string(),
  settings: widgetSettingsObject,
  /** The snippet to paste before </body>. */
  snippet: z.string(),
  /** WhatsApp-mode button clicks, all time. */
  clicks: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WidgetView = z.infer<typeof widgetView>;
export const widgetListView = z.object({ widgets: z.array(widgetView) });

// ---- The visitor's side ----

const widgetKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a widget key');

/** What the widget shows before anyone writes (no secrets, no allowed origins). */
export const publicWidgetView = z.object({
  key: z.string(),
  name: z.string(),
  mode: z.enum(['chat', 'whatsapp']),
  color: z.string(),
  position: z.enum(['right', 'left']),
  launcherText: z.string(),
  greeting: z.string(),
  avatarUrl: z.string().nullable(),
  preChat: z.object({ name: fieldMode, email: fieldMode, phone: fieldMode }),
  /** Within business hours (always true when hours are off). */
  online: z.boolean(),
  offlineMessage: z.string(),
  /** WhatsApp mode: the wa.me link with the prefilled text. */
  whatsappUrl: z.string().nullable(),
});
export type PublicWidgetView = z.infer<typeof publicWidgetView>;

export const configQuery = z.object({ key: widgetKey });

export const sessionBody = z
  .object({
    key: widgetKey,
    /** A token from an earlier visit: the same visitor again. Unknown, expired or another widget's: a new visitor. */
    token: z.string().max(2000).optional(),
    /** The embedding page's origin, as the loader saw it; checked against the allowed origins. */
    origin: z.string().max(300),
  })
  .strict();

export const visitorView = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

export const sessionView = z.object({
  /** Bearer token for the calls below; kept by the widget in its storage. Valid 90 days, renewed on each session. */
  token: z.string(),
  visitorId: z.string(),
  visitor: visitorView,
  /** The pre-chat form must be filled before the first message. */
  needsPreChat: z.boolean(),
  widget: publicWidgetView,
});

export const visitorBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    email: z.email('not an email address').max(254).toLowerCase().optional(),
    /** Digits with the country code; +, spaces and dashes are dropped. */
    phone: z
      .string()
      .trim()
      .transform((s) => s.replace(/[\s()+-]/g, ''))
      .pipe(z.string().regex(/^[1-9]\d{7,14}$/, 'a phone number is its country code and 8 to 15 digits'))
      .optional(),
  })
  .strict();

export const WIDGET_TEXT_MAX = 4000;

export const visitorMessageBody = z
  .object({
    /** The widget's own id for this message: a retried send is stored once. */
    clientId: z.uuid(),
    text: z.string().trim().min(1, 'a message must not be empty').max(WIDGET_TEXT_MAX, `at most ${WIDGET_TEXT_MAX} characters`),
  })
  .strict();

export const widgetMessageView = z.object({
  /** Our message id (a bigint as a string): the order of the thread. */
  id: z.string(),
  from: z.enum(['visitor', 'business']),
  text: z.string().nullable(),
  /** A file a person sent from the inbox. */
  media: z.object({ type: z.enum(['image', 'video', 'audio', 'document']), url: z.string(), filename: z.string().nullable() }).nullable(),
  /** The person who wrote it, or the widget's name for bots; null for the visitor. */
  author: z.string().nullable(),
  at: z.string(),
  /** The visitor's messages: echoed with the id they were sent with. */
  clientId: z.string().nullable(),
});
export type WidgetMessageView = z.infer<typeof widgetMessageView>;

export const historyQuery = z.object({
  /** Messages older than this id (paging back). */
  before: z.string().regex(/^[1-9]\d{0,17}$/).optional(),
  /** Messages newer than this id (catching up after a reconnect). */
  after: z.string().regex(/^[1-9]\d{0,17}$/).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const historyView = z.object({ messages: z.array(widgetMessageView), hasOlder: z.boolean() });

/**
 * The live stream. `after`: the newest message id the widget has; what came since is sent first
 * (the header Last-Event-ID does the same). Without it the stream starts from now.
 */
export const streamQuery = z.object({ after: z.string().regex(/^(0|[1-9]\d{0,17})$/).optional() });

export const typingBody = z.object({ typing: z.boolean() }).strict();
export const readBody = z.object({ upTo: z.string().regex(/^[1-9]\d{0,17}$/) }).strict();
export const clickBody = z.object({ key: widgetKey }).strict();
