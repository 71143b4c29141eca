import { z } from 'zod';

// What the extraction call asks for and how its answer is checked (pure; no I/O).

export const LEAD_SCHEMA_NAME = 'lead_extraction';

const text = (description: string) => ({ type: ['string', 'null'], description });
const level = (description: string) => ({ type: ['string', 'null'], enum: ['low', 'medium', 'high', null], description });

/** JSON schema for structured output (strict: every field present, null when unknown). */
export const LEAD_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'email', 'company', 'intent', 'urgency', 'budget', 'fit', 'engagement', 'demo_datetime', 'smart_notification'],
  properties: {
    name: text("the customer's name, if they gave it"),
    email: text("the customer's email address, if they gave it"),
    company: text("the customer's company or business, if mentioned"),
    intent: text('what the customer wants, in a few words'),
    urgency: level('how soon they need it'),
    budget: text('budget or price range mentioned, verbatim'),
    fit: level('how well they fit the business offer'),
    engagement: level('how engaged they are in the conversation'),
    demo_datetime: text('a demo or call time they agreed to, ISO 8601 with offset'),
    smart_notification: text('one sentence telling the business what to do next, or null if nothing'),
  },
} as const;

export const LEAD_INSTRUCTIONS =
  'You read a WhatsApp conversation between a business and a customer and fill in what the customer revealed. ' +
  'Use null for anything not stated; never guess an email or a name. Resolve relative dates ("tomorrow 3pm") using the current time given.';

const nullableText = (max: number) =>
  z
    .string()
    .nullable()
    .transform((s) => (s && s.trim() ? s.trim().slice(0, max) : null));
const levelField = z.enum(['low', 'medium', 'high']).nullable().catch(null);

export const leadAnswer = z.object({
  name: nullableText(200),
  email: nullableText(320).transform((s) => (s && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? s.toLowerCase() : null)),
  company: nullableText(200),
  intent: nullableText(500),
  urgency: levelField,
  budget: nullableText(200),
  fit: levelField,
  engagement: levelField,
  demo_datetime: nullableText(64).transform((s) => {
    const d = s ? new Date(s) : null;
    return d && !Number.isNaN(d.getTime()) ? d : null;
  }),
  smart_notification: nullableText(1000),
});

export type LeadFields = z.infer<typeof leadAnswer>;

/** The conversation as the model reads it, oldest first, with the current time for relative dates. */
export function transcript(messages: Array<{ direction: string; body: string; sent_at: Date }>, now: Date, timeZone: string): string {
  const at = (d: Date) => d.toLocaleString('en-IN', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const lines = messages.map((m) => `[${at(m.sent_at)}] ${m.direction === 'inbound' ? 'Customer' : 'Business'}: ${m.body}`);
  return `Current time: ${now.toISOString()} (${timeZone}: ${at(now)})\n\n${lines.join('\n')}`;
}
