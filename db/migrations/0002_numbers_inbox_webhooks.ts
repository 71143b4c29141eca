import type { Knex } from 'knex';

// WhatsApp numbers, contacts, conversations, messages with monotonic statuses, the durable
// webhook event log, and notifications.
export async function up(knex: Knex): Promise<void> {
  // Status precedence in SQL, mirroring server/inbox/status.ts (sent < delivered < read < failed).
  await knex.raw(`
    create function parley_status_rank(status text) returns smallint language sql immutable as $$
      select case status when 'pending' then 0 when 'sent' then 10 when 'delivered' then 20
        when 'read' then 30 when 'played' then 35 when 'failed' then 40 else 0 end::smallint
    $$`);
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  const workspace = (t: Knex.CreateTableBuilder) =>
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');

  await knex.schema.createTable('phone_numbers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    workspace(t);
    t.text('display_name').notNullable();
    t.text('phone_number_id').notNullable();
    t.text('waba_id').notNullable();
    t.text('display_phone_number');
    t.text('verified_name');
    t.text('quality_rating');
    t.text('access_token_enc').notNullable();
    t.text('system_prompt').notNullable().defaultTo('');
    t.boolean('is_active').notNullable().defaultTo(true);
    t.text('inactive_reason');
    t.boolean('is_sandbox').notNullable().defaultTo(false);
    ts(t, 'token_updated_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'deleted_at');
  });
  await knex.raw('create unique index phone_numbers_live_unique on phone_numbers (phone_number_id) where deleted_at is null');

  await knex.schema.createTable('contacts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    workspace(t);
    t.text('channel').notNullable().defaultTo('whatsapp');
    t.text('external_id').notNullable(); // wa_id for WhatsApp
    t.text('profile_name');
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'updated_at').notNullable().defaultTo(knex.fn.now());
    t.unique(['workspace_id', 'channel', 'external_id']);
  });

  await knex.schema.createTable('conversations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    workspace(t);
    t.uuid('number_id').notNullable().references('phone_numbers.id');
    t.uuid('contact_id').notNullable().references('contacts.id');
    t.text('status').notNullable().defaultTo('open');
    t.boolean('is_test').notNullable().defaultTo(false);
    ts(t, 'last_message_at');
    t.text('last_message_preview');
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'archived_at');
    t.check("status in ('open', 'archived')");
  });
  await knex.raw("create unique index conversations_one_open on conversations (number_id, contact_id) where status = 'open'");
  await knex.raw('create index conversations_recent on conversations (workspace_id, last_message_at desc nulls last)');

  await knex.schema.createTable('messages', (t) => {
    t.bigIncrements('id');
    workspace(t);
    t.uuid('number_id').notNullable().references('phone_numbers.id');
    t.uuid('conversation_id').references('conversations.id');
    t.uuid('contact_id').references('contacts.id');
    t.text('wamid');
    t.text('direction').notNullable();
    t.text('type').notNullable();
    t.text('body');
    t.jsonb('payload');
    t.text('context_wamid');
    t.text('status').notNullable();
    t.smallint('status_rank').notNullable().defaultTo(0);
    t.integer('error_code');
    t.text('error_title');
    t.boolean('is_test').notNullable().defaultTo(false);
    ts(t, 'sent_at'); // Meta's timestamp for inbound, our send time for outbound
    ts(t, 'status_at');
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
    t.check("direction in ('inbound', 'outbound')");
  });
  await knex.raw('create unique index messages_wamid_unique on messages (wamid)');
  await knex.raw('create index messages_conversation_time on messages (conversation_id, created_at)');
  await knex.raw('create index messages_created_at on messages (created_at)');

  await knex.schema.createTable('message_status_logs', (t) => {
    t.bigIncrements('id');
    t.uuid('workspace_id').references('workspaces.id').onDelete('cascade');
    t.text('wamid').notNullable();
    t.text('status').notNullable();
    t.integer('error_code');
    t.text('error_title');
    ts(t, 'status_at').notNullable();
    ts(t, 'received_at').notNullable().defaultTo(knex.fn.now());
    // null until the message row exists; such statuses are applied when it appears
    t.boolean('applied').notNullable().defaultTo(false);
    t.unique(['wamid', 'status']);
  });
  await knex.raw('create index message_status_logs_unapplied on message_status_logs (wamid) where not applied');
  await knex.raw('create index message_status_logs_received on message_status_logs (received_at)');

  await knex.schema.createTable('webhook_events', (t) => {
    t.bigIncrements('id');
    t.text('object').notNullable();
    t.text('body').notNullable();
    t.integer('update_count').notNullable().defaultTo(0);
    t.text('state').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    ts(t, 'received_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'next_attempt_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'processed_at');
    t.check("state in ('pending', 'done', 'dead')");
  });
  await knex.raw("create index webhook_events_due on webhook_events (next_attempt_at) where state = 'pending'");
  await knex.raw('create index webhook_events_received on webhook_events (received_at)');

  await knex.schema.createTable('notifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    workspace(t);
    t.text('type').notNullable();
    t.text('title').notNullable();
    t.text('message').notNullable();
    t.text('action_url');
    t.text('related_entity_type');
    t.text('related_entity_id');
    t.boolean('is_read').notNullable().defaultTo(false);
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index notifications_recent on notifications (workspace_id, created_at desc)');
  // On Supabase the dashboard's Realtime subscription needs the table in this publication.
  await knex.raw(`do $$ begin
    if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
      alter publication supabase_realtime add table notifications;
    end if; end $$`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['notifications', 'webhook_events', 'message_status_logs', 'messages', 'conversations', 'contacts', 'phone_numbers']) {
    await knex.schema.dropTableIfExists(t);
  }
  await knex.raw('drop function if exists parley_status_rank(text)');
}
