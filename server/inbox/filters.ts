import type { Knex } from 'knex';
import type { Channel } from '../channels/channel.ts';
import type { ConversationStatus } from './present.ts';

// The inbox's filters, one set for the conversation list and for message search: both read the
// conversation as `c` and its account as `n`; the dates are the list's last activity or the
// search's message time.

/**
 * `active` (open and pending: what someone has to act on, the inbox's first view), `live`
 * (everything but archived), `all`, or one state.
 */
export const STATUS_FILTERS = ['active', 'live', 'all', 'open', 'pending', 'snoozed', 'resolved', 'archived'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface InboxFilter {
  accountId?: string;
  channel?: Channel;
  status: StatusFilter;
  /** `me`, `unassigned` or a user id. */
  assignee?: string;
  labelId?: string;
  /** Bots paused and nobody assigned: a customer waits for a person. */
  waiting?: boolean;
  unread?: boolean;
  from?: string;
  to?: string;
}

export interface FilterScope {
  userId: string;
  timeZone: string;
}

const STATUS_SETS: Record<StatusFilter, ConversationStatus[] | null> = {
  active: ['open', 'pending'],
  live: ['open', 'pending', 'snoozed', 'resolved'],
  all: null,
  open: ['open'],
  pending: ['pending'],
  snoozed: ['snoozed'],
  resolved: ['resolved'],
  archived: ['archived'],
};

/**
 * Adds the where-clauses of `f` to a query over `conversations as c` joined to `channel_accounts as
 * n`; `time` is the SQL the dates bound (a column or an expression of this file's callers, never input).
 */
export function applyInboxFilter(q: Knex.QueryBuilder, f: InboxFilter, scope: FilterScope, time: string): void {
  applyConversationFilter(q, f, scope);
  applyDateFilter(q, f, scope, time);
}

/** Whether `f` narrows the conversations (beyond the workspace). */
export const narrowsConversations = (f: InboxFilter) =>
  STATUS_SETS[f.status] !== null || !!(f.accountId || f.channel || f.assignee || f.labelId || f.waiting || f.unread);

export function applyConversationFilter(q: Knex.QueryBuilder, f: InboxFilter, scope: FilterScope): void {
  const statuses = STATUS_SETS[f.status];
  if (statuses) {
    if (statuses.length === 1) q.where('c.status', statuses[0]!);
    else q.whereIn('c.status', statuses);
  }
  if (f.accountId) q.where('c.account_id', f.accountId);
  if (f.channel) q.where('n.channel', f.channel);
  if (f.assignee === 'unassigned') q.whereNull('c.assignee_id');
  else if (f.assignee) q.where('c.assignee_id', f.assignee === 'me' ? scope.userId : f.assignee);
  if (f.labelId) q.whereExists((s) => s.select(s.client.raw('1')).from('conversation_labels as cl').whereRaw('cl.conversation_id = c.id').where('cl.label_id', f.labelId!));
  // The same test as handover.ts botIsPaused, in SQL: a pause whose idle time has passed is over.
  if (f.waiting) q.whereNull('c.assignee_id').whereNotNull('c.bot_paused_at').whereRaw('(c.bot_resumes_at is null or c.bot_resumes_at > now())');
  if (f.unread) q.where('c.unread_count', '>', 0);
}

export function applyDateFilter(q: Knex.QueryBuilder, f: Pick<InboxFilter, 'from' | 'to'>, scope: FilterScope, time: string): void {
  if (f.from) {
    if (isDay(f.from)) q.whereRaw(`${time} >= (?::date::timestamp at time zone ?)`, [f.from, scope.timeZone]);
    else q.whereRaw(`${time} >= ?`, [new Date(f.from)]);
  }
  if (f.to) {
    if (isDay(f.to)) q.whereRaw(`${time} < ((?::date + 1)::timestamp at time zone ?)`, [f.to, scope.timeZone]);
    else q.whereRaw(`${time} < ?`, [new Date(f.to)]);
  }
}

/**
 * A bare date is a day of the app's calendar: "from 2026-12-02" starts at midnight in the app time
 * zone, and "to" includes that whole day (Postgres does the zone arithmetic, DST days included).
 * A date-time with its offset is taken as it is.
 */
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
