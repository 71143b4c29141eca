import type { Knex } from 'knex';

// Supabase mode's live updates. The dashboard listens through Supabase Realtime, which reads the
// database's change stream and shows a subscriber only the rows RLS lets it select. Watching the
// tables themselves cannot cover every view: phone_numbers holds access tokens and messages hold
// customers' texts, so neither may become readable with a user's token. Instead each web process
// relays the changes it hears on the NOTIFY channel into live_signals (server/realtime/signals.ts):
// one row per workspace and topic ('inbox', 'templates', 'numbers', 'campaigns', 'notifications',
// 'leads'), holding no data but the time of the last change. The dashboard subscribes to this one
// table and refetches the topic's views through the API, as it does for SSE in local mode.
// The direct reads of campaigns, notifications and leads (0006) and their place in the
// supabase_realtime publication are dropped: nothing uses them any more.
const REPLACED = ['campaigns', 'notifications', 'leads'];
const MEMBERS_ONLY = 'workspace_id in (select parley_access.member_workspace_ids())';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('live_signals', (t) => {
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('topic').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['workspace_id', 'topic']);
  });
  await knex.raw('alter table live_signals enable row level security');
  await knex.raw(`do $$ declare t text; begin
    if exists (select 1 from pg_roles where rolname = 'authenticated') then
      create policy members_read on public.live_signals for select to authenticated using (${MEMBERS_ONLY});
      foreach t in array array[${REPLACED.map((t) => `'${t}'`).join(', ')}] loop
        execute format('drop policy if exists members_read on public.%I', t);
      end loop;
    end if;
    if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
      alter publication supabase_realtime add table public.live_signals;
      foreach t in array array[${REPLACED.map((t) => `'${t}'`).join(', ')}] loop
        if exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = t) then
          execute format('alter publication supabase_realtime drop table public.%I', t);
        end if;
      end loop;
    end if; end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('live_signals');
  await knex.raw(`do $$ declare t text; begin
    foreach t in array array[${REPLACED.map((t) => `'${t}'`).join(', ')}] loop
      if exists (select 1 from pg_roles where rolname = 'authenticated') then
        execute format('create policy members_read on public.%I for select to authenticated using (${MEMBERS_ONLY})', t);
      end if;
      if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
        execute format('alter publication supabase_realtime add table public.%I', t);
      end if;
    end loop; end $$`);
}
