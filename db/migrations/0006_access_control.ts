import type { Knex } from 'knex';

// Access control for databases the outside world can also reach (Supabase publishes every table
// in `public` through its REST/GraphQL APIs to whoever holds the anon key, and grants anon and
// authenticated all privileges there):
// - Row Level Security on every table in `public`, with no policy but the Realtime reads below,
//   so anon and authenticated read and write nothing. Parley connects as the tables' owner, which
//   RLS does not apply to (never FORCE it). Every later migration must enable RLS on the tables it
//   creates; server/auth/access-control.test.ts fails while one lacks it.
// - The only policies: SELECT on campaigns, notifications and leads (the tables the dashboard
//   watches through Supabase Realtime) for users mirrored as allowlisted members of the row's
//   workspace. They exist only where the role `authenticated` does (Supabase); plain Postgres
//   has no such role and needs none.
// - pg-boss's schema is left as is: PostgREST exposes only `public` (and graphql_public) unless
//   someone adds schemas to it, and anon/authenticated have no USAGE on `pgboss`.
// - users.token_version: logout, password reset and refresh-token reuse bump it, which ends the
//   user's access tokens issued before.
const REALTIME_TABLES = ['campaigns', 'notifications', 'leads'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => t.integer('token_version').notNullable().defaultTo(0));

  // Read from the catalog at run time, so knex's own tables and any table added before this
  // migration are covered too.
  await knex.raw(`do $$ declare t record; begin
    for t in select tablename from pg_tables where schemaname = 'public' loop
      execute format('alter table public.%I enable row level security', t.tablename);
    end loop; end $$`);

  // Outside `public` so PostgREST does not offer it as an RPC. SECURITY DEFINER: it runs as the
  // owner of users (whom RLS does not restrict), since the caller may not read users itself.
  // It reads the JWT claims the way Supabase's auth.uid() does, which plain Postgres lacks.
  await knex.raw('create schema if not exists parley_access');
  await knex.raw('revoke all on schema parley_access from public');
  await knex.raw(`create or replace function parley_access.member_workspace_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public as $fn$
      select u.workspace_id from public.users u
       where u.role in ('admin', 'agent')
         and u.external_id = coalesce(
               nullif(current_setting('request.jwt.claim.sub', true), ''),
               nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    $fn$`);
  await knex.raw('revoke all on function parley_access.member_workspace_ids() from public');

  await knex.raw(`do $$ declare t text; begin
    if exists (select 1 from pg_roles where rolname = 'authenticated') then
      grant usage on schema parley_access to authenticated;
      grant execute on function parley_access.member_workspace_ids() to authenticated;
      foreach t in array array[${REALTIME_TABLES.map((t) => `'${t}'`).join(', ')}] loop
        execute format('create policy members_read on public.%I for select to authenticated
                          using (workspace_id in (select parley_access.member_workspace_ids()))', t);
      end loop;
    end if; end $$`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of REALTIME_TABLES) await knex.raw('drop policy if exists members_read on ??', [t]);
  await knex.raw('drop schema if exists parley_access cascade');
  await knex.raw(`do $$ declare t record; begin
    for t in select tablename from pg_tables where schemaname = 'public' loop
      execute format('alter table public.%I disable row level security', t.tablename);
    end loop; end $$`);
  await knex.schema.alterTable('users', (t) => t.dropColumn('token_version'));
}
