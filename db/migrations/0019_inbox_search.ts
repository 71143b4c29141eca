import type { Knex } from 'knex';

// Finding things in the inbox (issue 14).
//
// - Message search matches a term anywhere in the text (ILIKE '%term%': a phone number's last
//   digits, part of an order id, a Hindi word, the start of a word), answered by a trigram GIN
//   index (pg_trgm, a trusted extension: the database owner may create it). On 2,000,000 messages
//   it builds in about a minute with the memory given here (docs/benchmarks.md, bench:inbox);
//   it holds the table's writes meanwhile, as migrations run before the app serves.
// - A thread reads a conversation's messages by id (the newest page, before, after or around a
//   message): the (conversation_id, id) index answers each page in order without a sort, and takes
//   the place of (conversation_id, created_at), which nothing reads in that order.
// - Search results come newest first by arrival and a date range bounds that same order: the
//   (created_at, id) index reads a page of a range without a sort; it takes the place of
//   (created_at) alone, which retention's deletes still use as its prefix.
// - The conversation list, newest activity first: the default view (open and pending) has its own
//   partial index in that order, and so do the small sets behind "unread" and "waiting for a
//   person", so a filter that matches little never walks back through every conversation.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create extension if not exists pg_trgm;
    set local maintenance_work_mem = '256MB';
    create index messages_body_trgm on messages using gin (body gin_trgm_ops);
    create index messages_conversation_id on messages (conversation_id, id);
    drop index messages_conversation_time;
    create index messages_created_at_id on messages (created_at, id);
    drop index messages_created_at;
    create index conversations_active on conversations (workspace_id, last_message_at desc, id desc) where status in ('open', 'pending');
    create index conversations_unread on conversations (workspace_id, last_message_at desc, id desc) where unread_count > 0;
    create index conversations_waiting on conversations (workspace_id, last_message_at desc, id desc) where assignee_id is null and bot_paused_at is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  // The extension stays: something else in the database may use it.
  await knex.raw(`
    drop index conversations_waiting;
    drop index conversations_unread;
    drop index conversations_active;
    create index messages_created_at on messages (created_at);
    drop index messages_created_at_id;
    create index messages_conversation_time on messages (conversation_id, created_at);
    drop index messages_conversation_id;
    drop index messages_body_trgm;
  `);
}
