// The pre-chat form's rules: which fields show, which must be filled, and the message under a
// field that is wrong. They mirror the server's visitorBody schema (server/webchat/schema.ts), so
// a form that passes here is accepted there, and the visitor learns what to fix before sending.

import type { PublicWidgetView } from '../../server/webchat/schema.ts';

export type PreChatField = 'name' | 'email' | 'phone';
export type PreChatModes = PublicWidgetView['preChat'];
export type PreChatValues = Partial<Record<PreChatField, string>>;
export type PreChatResult = { ok: true; body: PreChatValues } | { ok: false; errors: PreChatValues };

export const PRE_CHAT_ORDER: PreChatField[] = ['name', 'email', 'phone'];

const MISSING: Record<PreChatField, string> = {
  name: 'Please enter your name.',
  email: 'Please enter your email address.',
  phone: 'Please enter your phone number.',
};

// zod's z.email() pattern (the server's check), so the form never passes what the server refuses.
const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
const PHONE_DIGITS = /^[1-9]\d{7,14}$/;

/** Phone as the server stores it: digits with the country code (+, spaces, dashes, brackets dropped). */
export const phoneDigits = (phone: string) => phone.trim().replace(/[\s()+-]/g, '');

function problem(field: PreChatField, value: string): string | null {
  if (field === 'name') return value.length > 100 ? 'A name has at most 100 characters.' : null;
  if (field === 'email') return EMAIL.test(value) && value.length <= 254 ? null : 'Please enter a valid email address, e.g. name@example.com.';
  return PHONE_DIGITS.test(phoneDigits(value)) ? null : 'Please enter the number with its country code, e.g. +44 7700 900123.';
}

/** The fields the form shows, in order. */
export const visibleFields = (modes: PreChatModes) => PRE_CHAT_ORDER.filter((f) => modes[f] !== 'off');

/** Checks the form: the body for POST /api/widget/visitor, or a message per wrong field. */
export function validatePreChat(modes: PreChatModes, input: PreChatValues): PreChatResult {
  const body: PreChatValues = {};
  const errors: PreChatValues = {};
  for (const field of visibleFields(modes)) {
    const value = (input[field] ?? '').trim();
    if (!value) {
      if (modes[field] === 'required') errors[field] = MISSING[field];
      continue;
    }
    const wrong = problem(field, value);
    if (wrong) errors[field] = wrong;
    else body[field] = field === 'email' ? value.toLowerCase() : field === 'phone' ? phoneDigits(value) : value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}
