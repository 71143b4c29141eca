import { z } from 'zod';
import { CHANNELS } from '../channels/channel.ts';
import { isoDateOrDateTime as isoDate, pageCursor } from '../http/schemas.ts';
import { STATUS_FILTERS } from './filters.ts';

/** Only "true" filters; "false" (or nothing) leaves the filter off. */
const flag = z.enum(['true', 'false']).optional().transform((v) => v === 'true');

/** The filters the conversation list and message search share (filters.ts). */
const inboxFilterFields = {
  accountId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  /** `me`, `unassigned` or a user id. */
  assignee: z.union([z.enum(['me', 'unassigned']), z.uuid()], { error: 'assignee must be me, unassigned or a user id' }).optional(),
  labelId: z.uuid().optional(),
  /** Bots paused and nobody assigned. */
  waiting: flag,
  unread: flag,
  /** A day of the app time zone (2026-03-01) or an instant with its offset. */
  from: isoDate.optional(),
  to: isoDate.optional(),
};

const messageId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const listConversationsQuery = z.object({
  ...inboxFilterFields,
  /** Name, customer id or last message (a substring, any case). */
  search: z.string().trim().max(100).optional(),
  /** Default `active`: open and pending, what someone has to act on. */
  status: z.enum(STATUS_FILTERS).default('active'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: pageCursor.optional(),
});

export const searchMessagesQuery = z.object({
  ...inboxFilterFields,
  /** Words (each must appear, any case, inside a word too) and "quoted phrases"; see docs/inbox.md. */
  q: z.string().max(200, 'a search is at most 200 characters'),
  /** Default `all`: search finds archived and resolved conversations too. */
  status: z.enum(STATUS_FILTERS).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The previous page's nextCursor: results older than that message. */
  cursor: z.string().regex(/^\d{1,16}$/, 'cursor must come from a previous page').transform(Number).optional(),
});

export const listMessagesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(100),
    /** Message id: messages older than it (scrolling up). */
    before: messageId.optional(),
    /** Message id: messages newer than it (scrolling down from a search result). */
    after: messageId.optional(),
    /** Message id: that message with the ones just before and after it (opening a search result). */
    around: messageId.optional(),
  })
  .refine((v) => [v.before, v.after, v.around].filter((x) => x !== undefined).length <= 1, 'give at most one of before, after and around');
