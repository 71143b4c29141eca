import type { Channel } from '../channels/channel.ts';

// Which messages a person may send a customer now, measured from the customer's last message
// (META-PLATFORM 3.2, 3.3, 4.1). Pure: the clock is passed in.
//
// - WhatsApp: free-form messages (text, media) within 24 hours; after that only an approved
//   template, which is also the only way to write to someone who never wrote.
// - Instagram and Messenger: a normal reply (RESPONSE) within 24 hours; from 24 hours up to 7 days
//   a person may still answer with the HUMAN_AGENT tag; after 7 days, or to someone who never
//   wrote, nothing can be sent.
// - Web chat: no window. The visitor's chat is ours, so text and media may go out at any time;
//   templates are WhatsApp's.

export const FREE_FORM_MS = 24 * 3600_000;
export const HUMAN_AGENT_MS = 7 * 24 * 3600_000;

export type WindowState = 'open' | 'human_agent' | 'template_only' | 'closed';

export interface ReplyWindow {
  state: WindowState;
  /** The customer's last message; null when they never wrote in this conversation. */
  lastCustomerMessageAt: Date | null;
  /** When the current state ends (open: the 24-hour mark; human_agent: the 7-day mark); null when it lasts. */
  endsAt: Date | null;
  /** When free-form replies stopped (template_only, closed); null while they are allowed or when the customer never wrote. */
  closedAt: Date | null;
}

export function replyWindow(channel: Channel, lastCustomerMessageAt: Date | null, now: Date): ReplyWindow {
  const last = lastCustomerMessageAt;
  if (channel === 'webchat') return { state: 'open', lastCustomerMessageAt: last, endsAt: null, closedAt: null };
  const shut: WindowState = channel === 'whatsapp' ? 'template_only' : 'closed';
  if (!last) return { state: shut, lastCustomerMessageAt: null, endsAt: null, closedAt: null };
  const freeFormEnds = new Date(last.getTime() + FREE_FORM_MS);
  if (now < freeFormEnds) return { state: 'open', lastCustomerMessageAt: last, endsAt: freeFormEnds, closedAt: null };
  if (channel === 'whatsapp') return { state: 'template_only', lastCustomerMessageAt: last, endsAt: null, closedAt: freeFormEnds };
  const humanEnds = new Date(last.getTime() + HUMAN_AGENT_MS);
  if (now < humanEnds) return { state: 'human_agent', lastCustomerMessageAt: last, endsAt: humanEnds, closedAt: null };
  return { state: 'closed', lastCustomerMessageAt: last, endsAt: null, closedAt: humanEnds };
}

export type SendKind = 'text' | 'media' | 'template';

/**
 * Whether `kind` may go out in `w`, and how: `humanAgent` for Instagram and Messenger between 24
 * hours and 7 days. A template is WhatsApp's own and needs no window.
 */
export function sendAllowed(channel: Channel, w: ReplyWindow, kind: SendKind): { ok: true; humanAgent: boolean } | { ok: false; code: 'window_closed' | 'template_whatsapp_only'; message: string } {
  if (kind === 'template') {
    if (channel === 'whatsapp') return { ok: true, humanAgent: false };
    const others = channel === 'webchat' ? 'web chat takes' : 'Instagram and Messenger take';
    return { ok: false, code: 'template_whatsapp_only', message: `Templates are WhatsApp messages; ${others} text and media` };
  }
  if (w.state === 'open') return { ok: true, humanAgent: false };
  if (w.state === 'human_agent') return { ok: true, humanAgent: true };
  const since = w.closedAt ? ` at ${w.closedAt.toISOString()}` : '';
  if (w.state === 'template_only') {
    return { ok: false, code: 'window_closed', message: w.lastCustomerMessageAt
      ? `The 24-hour window closed${since}, 24 hours after the customer's last message: only an approved template can be sent until they write again`
      : 'The customer has not written in this conversation: only an approved template can be sent' };
  }
  return { ok: false, code: 'window_closed', message: w.lastCustomerMessageAt
    ? `The messaging window closed${since}, 7 days after the customer's last message: nothing can be sent until they write again`
    : 'The customer has not written in this conversation: nothing can be sent until they do' };
}
