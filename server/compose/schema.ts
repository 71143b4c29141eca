import { z } from 'zod';
import { MEDIA_TYPES } from '../channels/channel.ts';

// What the inbox's composer sends: one of a text, a file by URL, or a WhatsApp template, and
// optionally the message it answers; a private note; the team's canned replies.

/** Meta fetches the file itself, so it must be a public http(s) address. */
const publicUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL Meta can fetch' }).max(2000);
const messageId = z.string().regex(/^[1-9]\d{0,17}$/, 'must be a message id (a positive whole number)');

export const templateValues = z
  .object({
    name: z.string().trim().min(1).max(512),
    language: z.string().trim().min(2).max(20),
    /** {{1}}, {{2}}... in order (POSITIONAL templates; NAMED ones take them in order of first appearance too). */
    variables: z.array(z.string().trim().min(1, 'a variable must not be empty').max(1024)).max(100).default([]),
    /** NAMED templates: {{customer_name}} -> value. */
    namedVariables: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a parameter name is lower case letters, digits and _').max(100), z.string().trim().min(1, 'a value must not be empty').max(1024))
      .refine((r) => Object.keys(r).length <= 100, 'at most 100 named variables').optional(),
    /** The header's image, video or document, when the template has one. */
    headerMediaUrl: publicUrl.optional(),
  })
  .strict();

export const replyBody = z
  .object({
    text: z.string().trim().min(1, 'text must not be empty').max(4096, 'at most 4096 characters').optional(),
    media: z
      .object({
        type: z.enum(MEDIA_TYPES),
        url: publicUrl,
        caption: z.string().trim().max(1024, 'a caption is at most 1024 characters').optional(),
        /** Documents: the name the customer sees. */
        filename: z.string().trim().min(1).max(240).optional(),
      })
      .strict()
      .refine((m) => !m.filename || m.type === 'document', { message: 'only a document takes a filename', path: ['filename'] })
      .optional(),
    template: templateValues.optional(),
    /** Our id of the customer's (or our) message this one answers. */
    replyToMessageId: messageId.optional(),
  })
  .strict()
  .refine((b) => [b.text, b.media, b.template].filter((x) => x !== undefined).length === 1, { message: 'send exactly one of text, media or template' });
export type ReplyBody = z.infer<typeof replyBody>;

export const noteBody = z.object({ text: z.string().trim().min(1, 'text must not be empty').max(4096, 'at most 4096 characters') }).strict();

export const shortcut = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a shortcut is 1-32 letters, digits, - or _, starting with a letter or digit');
const cannedText = z.string().trim().min(1, 'body must not be empty').max(4096, 'at most 4096 characters');

export const cannedReplyBody = z.object({ shortcut, body: cannedText }).strict();
export const cannedReplyPatch = z.object({ shortcut: shortcut.optional(), body: cannedText.optional() }).strict();
export const cannedListQuery = z.object({
  /** Fill each reply's variables for this conversation (`filled`). */
  conversationId: z.uuid().optional(),
  /** Shortcuts starting with this. */
  prefix: z.string().trim().toLowerCase().max(32).optional(),
});
