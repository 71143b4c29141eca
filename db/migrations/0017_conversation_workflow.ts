import type { Knex } from 'knex';

// People answer in the inbox next to the bots (issue 14).
//
// - A conversation has a state: open, pending (waiting on the customer or a colleague), snoozed
//   until a time, resolved; archived stays for a removed account. A customer keeps one live
//   (non-archived) conversation per account: a new message reopens it whatever its state, so the
//   one-open index becomes one-live.
// - It can be assigned to a user; who changed what and when (assignment, state, handover, labels)
//   is its activity log, conversation_events.
// - Handover: bot_paused_at set means no rule, agent or default reply answers there, until
//   bot_resumes_at (the pause or the last human reply plus the idle time; null: until someone
//   resumes it or resolves the conversation).
// - unread_count: customer messages since someone last opened the conversation.
// - A private note is a message with direction 'note' (never sent, in the thread's order); a
//   message a person sent carries sent_by_user_id.
// - Users get a display name, an availability for auto-assignment (with an optional cap on open
//   conversations) and the time they were last given one (round-robin order).
// - A notification can be for one user (an assignment) instead of the whole workspace.
// - Labels (coloured, per workspace) and canned replies (a team's `/shortcut` texts).
// - A rule can hand the conversation over to a person, with or without a reply.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table users
      add column name text,
      add column availability text not null default 'offline',
      add column max_open_conversations integer,
      add column last_assigned_at timestamptz,
      add constraint users_availability check (availability in ('online', 'away', 'offline')),
      add constraint users_max_open check (max_open_conversations is null or max_open_conversations between 1 and 10000);

    alter table conversations drop constraint conversations_status_check;
    alter table conversations
      add constraint conversations_status_check check (status in ('open', 'pending', 'snoozed', 'resolved', 'archived')),
      add column snoozed_until timestamptz,
      add column resolved_at timestamptz,
      add column assignee_id uuid references users(id) on delete set null,
      add column assigned_at timestamptz,
      add column bot_paused_at timestamptz,
      add column bot_paused_reason text,
      add column bot_resumes_at timestamptz,
      add column unread_count integer not null default 0,
      add constraint conversations_snooze check (status <> 'snoozed' or snoozed_until is not null),
      add constraint conversations_pause_reason check (bot_paused_reason in ('human_reply', 'manual', 'rule', 'agent', 'customer_request'));
    drop index conversations_one_open;
    create unique index conversations_one_live on conversations (account_id, identity_id) where status <> 'archived';
    create index conversations_assignee on conversations (assignee_id, status) where assignee_id is not null;
    create index conversations_snoozed on conversations (snoozed_until) where status = 'snoozed';

    create table conversation_events (
      id bigserial primary key,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      conversation_id uuid not null references conversations(id) on delete cascade,
      type text not null,
      actor_user_id uuid references users(id) on delete set null,
      detail jsonb not null default '{}',
      created_at timestamptz not null default now());
    create index conversation_events_by_conversation on conversation_events (conversation_id, id);
    alter table conversation_events enable row level security;

    alter table messages drop constraint messages_direction_check;
    alter table messages
      add constraint messages_direction_check check (direction in ('inbound', 'outbound', 'note')),
      add column sent_by_user_id uuid references users(id) on delete set null;

    alter table notifications add column user_id uuid references users(id) on delete cascade;

    create table labels (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      name text not null,
      color text not null,
      created_at timestamptz not null default now(),
      constraint labels_color check (color ~ '^#[0-9a-f]{6}$'));
    create unique index labels_name_unique on labels (workspace_id, lower(name));
    alter table labels enable row level security;

    create table conversation_labels (
      conversation_id uuid not null references conversations(id) on delete cascade,
      label_id uuid not null references labels(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (conversation_id, label_id));
    create index conversation_labels_by_label on conversation_labels (label_id);
    alter table conversation_labels enable row level security;

    create table canned_replies (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      shortcut text not null,
      body text not null,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint canned_replies_shortcut check (shortcut ~ '^[a-z0-9][a-z0-9_-]{0,31}$'));
    create unique index canned_replies_shortcut_unique on canned_replies (workspace_id, shortcut);
    alter table canned_replies enable row level security;

    alter table reply_rules
      add column hands_over boolean not null default false,
      alter column reply drop not null,
      add constraint reply_rules_action check (reply is not null or hands_over);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    delete from reply_rules where reply is null;
    alter table reply_rules drop constraint reply_rules_action, drop column hands_over, alter column reply set not null;
    drop table canned_replies;
    drop table conversation_labels;
    drop table labels;
    alter table notifications drop column user_id;
    delete from messages where direction = 'note';
    alter table messages drop constraint messages_direction_check, drop column sent_by_user_id;
    alter table messages add constraint messages_direction_check check (direction in ('inbound', 'outbound'));
    drop table conversation_events;
    drop index conversations_one_live;
    update conversations set status = 'archived', archived_at = coalesce(archived_at, now()) where status in ('resolved', 'pending', 'snoozed')
      and exists (select 1 from conversations o where o.account_id = conversations.account_id and o.identity_id = conversations.identity_id and o.status = 'open');
    update conversations set status = 'open' where status in ('pending', 'snoozed', 'resolved');
    create unique index conversations_one_open on conversations (account_id, identity_id) where status = 'open';
    alter table conversations drop constraint conversations_status_check, drop constraint conversations_snooze, drop constraint conversations_pause_reason,
      drop column snoozed_until, drop column resolved_at, drop column assignee_id, drop column assigned_at, drop column bot_paused_at,
      drop column bot_paused_reason, drop column bot_resumes_at, drop column unread_count;
    alter table conversations add constraint conversations_status_check check (status in ('open', 'archived'));
    alter table users drop constraint users_availability, drop constraint users_max_open,
      drop column name, drop column availability, drop column max_open_conversations, drop column last_assigned_at;
  `);
}
