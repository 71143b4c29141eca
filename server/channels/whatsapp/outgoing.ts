// Cloud API bodies for what a person sends from the inbox (META-PLATFORM 4): a text, a file by
// its public URL (`link`; Meta fetches it) with a caption where the type takes one, or a template;
// each optionally quoting the customer's message (`context.message_id`). Pure.

import type { OutgoingContent } from '../channel.ts';
import { buildTemplateMessage, type PayloadResult } from './template-payload.ts';
import { WHATSAPP_TEXT_MAX } from './index.ts';

/** Meta's limit on a media caption. */
export const WHATSAPP_CAPTION_MAX = 1024;

export function outgoingBody(to: string, content: OutgoingContent, replyTo: string | null): PayloadResult {
  const context = replyTo ? { context: { message_id: replyTo } } : {};
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  switch (content.kind) {
    case 'text':
      return { ok: true, body: { ...base, type: 'text', text: { body: content.text.slice(0, WHATSAPP_TEXT_MAX), preview_url: false }, ...context } };
    case 'media': {
      const t = content.mediaType;
      const media = {
        link: content.url,
        // Audio takes no caption; only documents carry a filename.
        ...(content.caption && t !== 'audio' ? { caption: content.caption.slice(0, WHATSAPP_CAPTION_MAX) } : {}),
        ...(content.filename && t === 'document' ? { filename: content.filename } : {}),
      };
      return { ok: true, body: { ...base, type: t, [t]: media, ...context } };
    }
    case 'template': {
      const built = buildTemplateMessage(content.template, to, content.values);
      return built.ok ? { ok: true, body: { ...built.body, ...context } } : built;
    }
  }
}
