import type { Channel } from '../channels/channel.ts';
import type { Db } from '../db/knex.ts';
import { HttpError } from '../http/errors.ts';
import type { Knex } from 'knex';
import { applyConversationFilter, applyDateFilter, narrowsConversations, type FilterScope, type InboxFilter } from './filters.ts';
import type { ConversationStatus } from './present.ts';
import { escapeLike } from './queries.ts';

// Message search. Our customers write English, Hindi in Devanagari and Hinglish, and people look
// for phone numbers, order ids and the start of a word; so a term matches anywhere in the text,
// in any case (ILIKE '%term%'), answered by a trigram index (pg_trgm, migration 0019), not by
// full-text search, whose words are whole stemmed tokens: "43210" would not find 9876543210, nor
// "12345" ORD-12345. docs/benchmarks.md (bench:inbox) has the measurements behind the choice.

export const MAX_TERMS = 8;

/**
 * The terms of a search: "quoted phrases" as they are, the other words split on spaces. A leading
 * + is dropped from a number (+919876543210 is stored as 919876543210).
 */
export function parseSearch(input: string): string[] {
  const text = input.normalize('NFC');
  const terms: string[] = [];
  const phrase = /["“”]([^"“”]*)(?:["“”]|$)/gu;
  const rest = text.replace(phrase, (_, p: string) => {
    terms.push(p.trim().replace(/\s+/g, ' '));
    return ' ';
  });
  for (const word of rest.split(/\s+/u)) terms.push(/^\+\d/.test(word) ? word.slice(1) : word);
  return [...new Set(terms.filter((t) => t.length > 0))];
}

/**
 * A term the index can answer holds 3 letters or digits in a row (a trigram); a search made only
 * of shorter ones would read every message, so it is refused.
 */
const indexable = (term: string) => /[\p{L}\p{M}\p{N}]{3,}/u.test(term);

export function checkTerms(terms: string[]): void {
  if (!terms.some(indexable)) throw new HttpError(400, 'search_too_short', 'Search for a word or number of at least 3 letters or digits');
  if (terms.length > MAX_TERMS) throw new HttpError(400, 'search_too_long', `Search for at most ${MAX_TERMS} words or phrases`);
}

export interface SearchHitRow {
  id: string;
  conversation_id: string;
  direction: 'inbound' | 'outbound' | 'note';
  type: string;
  body: string;
  sent_at: Date | null;
  created_at: Date;
  channel: Channel;
  status: ConversationStatus;
  account_id: string;
  account_name: string;
  account_handle: string | null;
  identity_id: string;
  identity_external_id: string;
  contact_name: string | null;
}

export interface SearchFilter extends InboxFilter {
  limit: number;
  /** Results older than this message id. */
  cursor?: number;
}

/** At most this many conversations: search their messages one conversation at a time. */
export const FEW_CONVERSATIONS = 2_000;
/** The newest messages a search reads in order before it searches the whole range. */
const RECENT_WINDOW = 10_000;

/**
 * Messages whose text holds every term, newest first (by arrival: created_at, then id), with their
 * conversation. Two plans, picked by a bounded count of the conversations the filters leave:
 * - many (or no conversation filter): the newest 10,000 messages of the range, read in order,
 *   hold a page of a common word; else the whole range, from the trigram index for a rare word.
 *   Postgres guesses a word's frequency from its length alone, so left to itself it reads 25,000
 *   matches of a common pair of words (350 ms) or walks back through every message for a rare
 *   one. Ordering and dates on the same indexed column keep a date range cheap;
 * - few (a label, a person, a state with little in it): their messages, conversation by
 *   conversation. The first plan would walk back through every newer message of the others when
 *   theirs are old, as Postgres cannot know how the filters and time go together.
 */
export async function searchMessages(db: Db, workspaceId: string, terms: string[], f: SearchFilter, scope: FilterScope, fewConversations = FEW_CONVERSATIONS) {
  const few = narrowsConversations(f) && (await countConversations(db, workspaceId, f, scope, fewConversations)) <= fewConversations;
  const newestFirst = [{ column: 'm.created_at', order: 'desc' }, { column: 'm.id', order: 'desc' }];
  const inRange = (q: Knex.QueryBuilder) => {
    applyDateFilter(q, f, scope, 'm.created_at');
    // The cursor is the last message shown; its exact created_at (microseconds) comes from the row.
    if (f.cursor) q.whereRaw('(m.created_at, m.id) < (select created_at, id from messages where id = ?)', [f.cursor]);
    return q;
  };
  const matching = (q: Knex.QueryBuilder) => {
    // One condition per term: the trigram index intersects them.
    for (const term of terms) q.whereRaw('m.body ilike ?', [`%${escapeLike(term)}%`]);
    return q.orderBy(newestFirst).limit(f.limit + 1);
  };
  const MESSAGE = ['m.id', 'm.conversation_id', 'm.direction', 'm.type', 'm.body', 'm.sent_at', 'm.created_at'];
  const hits = () =>
    inConversations(db, workspaceId, f, scope)
      .join('contact_identities as k', 'k.id', 'c.identity_id')
      .join('contacts as p', 'p.id', 'k.contact_id')
      .select<SearchHitRow[]>(
        ...MESSAGE, 'n.channel', 'c.status', 'n.id as account_id', 'n.display_name as account_name', db.raw('coalesce(n.handle, n.display_phone_number) as account_handle'),
        'k.id as identity_id', 'k.external_id as identity_external_id', db.raw('coalesce(p.name, k.profile_name) as contact_name'),
      );
  let rows: SearchHitRow[];
  if (few) {
    const { sql, bindings } = matching(inRange(db('messages as m').select(MESSAGE).whereRaw('m.conversation_id = c.id'))).toSQL();
    rows = await hits().joinRaw(`cross join lateral (${sql}) m`, bindings as unknown as Knex.Value[]).orderBy(newestFirst).limit(f.limit + 1);
  } else {
    // The newest messages first, read in order: a page of a common word is there. Only when it
    // is not is the whole range searched, where the planner's trigram estimates pick the plan.
    const recent = inRange(db('messages as m').select(MESSAGE).where('m.workspace_id', workspaceId)).orderBy(newestFirst).limit(RECENT_WINDOW);
    rows = await matching(hits().join(recent.as('m'), 'm.conversation_id', 'c.id'));
    if (rows.length <= f.limit) rows = await matching(inRange(hits().join('messages as m', 'm.conversation_id', 'c.id').where('m.workspace_id', workspaceId)));
  }
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: rows.length > f.limit ? String(items.at(-1)!.id) : null };
}

/** The workspace's conversations the filters leave, as `c` with its account as `n`. */
const inConversations = (db: Db, workspaceId: string, f: SearchFilter, scope: FilterScope) => {
  const q = db('conversations as c').join('channel_accounts as n', 'n.id', 'c.account_id').where('c.workspace_id', workspaceId);
  applyConversationFilter(q, f, scope);
  return q;
};

async function countConversations(db: Db, workspaceId: string, f: SearchFilter, scope: FilterScope, atMost: number): Promise<number> {
  const [row] = await db.from(inConversations(db, workspaceId, f, scope).select(db.raw('1')).limit(atMost + 1).as('x')).count({ n: '*' });
  return Number(row!.n);
}

export interface Snippet {
  text: string;
  /** Where the terms are in `text`: [start, end) in UTF-16 code units (JavaScript string indices). */
  highlights: Array<{ start: number; end: number }>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Up to `width` characters of `body` around its first match, cut at spaces where one is near,
 * with "…" where text was left out, and every match inside marked.
 */
export function snippetOf(body: string, terms: string[], width = 160): Snippet {
  const pattern = new RegExp(terms.map(escapeRegExp).join('|'), 'giu');
  const matches = [...body.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length })).filter((m) => m.end > m.start);
  let start = 0;
  if (body.length > width && matches.length) {
    start = Math.max(0, Math.min(matches[0]!.start - Math.floor(width / 3), body.length - width));
    const space = body.indexOf(' ', start);
    if (start > 0 && space >= 0 && space < matches[0]!.start && space - start < 20) start = space + 1;
  }
  let end = Math.min(body.length, start + width);
  if (end < body.length) {
    const space = body.lastIndexOf(' ', end);
    if (space > start + width / 2) end = space;
  }
  // Never split a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(body[start]!)) start++;
  if (end < body.length && /[\uDC00-\uDFFF]/.test(body[end]!)) end--;
  const prefix = start > 0 ? '…' : '';
  const text = prefix + body.slice(start, end) + (end < body.length ? '…' : '');
  const highlights = matches
    .filter((m) => m.start >= start && m.end <= end)
    .map((m) => ({ start: m.start - start + prefix.length, end: m.end - start + prefix.length }));
  return { text, highlights };
}
