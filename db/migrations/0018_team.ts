import type { Knex } from 'knex';

// People and what the admins did (issue 14, point 1).
//
// - team_invites: an admin asks someone (by email, with a role) to join. In local mode the invite
//   carries a single-use link whose token is kept only as its SHA-256 (like refresh tokens), valid
//   until expires_at; accepting it creates the user. In Supabase mode the same row is an allowlist
//   entry: the person signs in with Supabase and gets the invite's role. One live (neither
//   accepted nor revoked) invite per email.
// - audit_log: who (actor, with the email kept, since a user may be removed later) did what
//   (action) to what (target type and id), with a short detail that never holds a secret. Kept
//   as long as the workspace; the list is read newest first, by actor or by action.
// - users.removed_at: a removed person keeps their row (messages, events and campaigns point at
//   it) with role 'revoked'; the time says when and keeps them out of the team list.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table team_invites (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      email text not null,
      name text,
      role text not null check (role in ('admin', 'agent')),
      token_hash text unique,
      expires_at timestamptz not null,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      accepted_at timestamptz,
      accepted_user_id uuid references users(id) on delete set null,
      revoked_at timestamptz
    );
    create unique index team_invites_one_live on team_invites (workspace_id, lower(email)) where accepted_at is null and revoked_at is null;
    alter table team_invites enable row level security;

    create table audit_log (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      actor_user_id uuid references users(id) on delete set null,
      actor_email text,
      action text not null,
      target_type text not null,
      target_id text,
      detail text,
      -- Milliseconds, as the page cursor carries them, so no entry falls between two pages.
      created_at timestamptz not null default date_trunc('milliseconds', now())
    );
    create index audit_log_recent on audit_log (workspace_id, created_at desc, id desc);
    create index audit_log_by_actor on audit_log (workspace_id, actor_user_id, created_at desc);
    create index audit_log_by_action on audit_log (workspace_id, action, created_at desc);
    alter table audit_log enable row level security;

    alter table users add column removed_at timestamptz;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table users drop column removed_at;
    drop table audit_log;
    drop table team_invites;
  `);
}
