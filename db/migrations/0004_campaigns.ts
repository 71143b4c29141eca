import type { Knex } from 'knex';

// Campaigns: every CSV row kept forever in campaign_contacts (valid or not, with its reason and,
// once sent, its wamid and status); send_queue holds only what is still to send and is emptied
// when a campaign completes. The per-number adaptive rate lives on phone_numbers.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('phone_numbers', (t) => {
    t.double('max_send_rate_per_sec').notNullable().defaultTo(60);
    t.double('last_stable_rate_per_sec');
    t.jsonb('rate_state'); // the controller's state (day, windows), so restarts resume it
  });

  await knex.schema.createTable('campaigns', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('number_id').notNullable().references('phone_numbers.id');
    t.text('name').notNullable();
    t.text('status').notNullable();
    t.timestamp('scheduled_at', { useTz: true });
    t.timestamp('started_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    t.timestamp('stopped_at', { useTz: true });
    t.integer('total_rows').notNullable().defaultTo(0);
    t.integer('valid_rows').notNullable().defaultTo(0);
    t.integer('invalid_rows').notNullable().defaultTo(0);
    t.integer('sent_count').notNullable().defaultTo(0);
    t.integer('failed_count').notNullable().defaultTo(0);
    t.text('failure_reason');
    t.boolean('is_test').notNullable().defaultTo(false);
    t.uuid('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("status in ('scheduled', 'queued', 'running', 'stopped', 'completed', 'failed')");
  });
  await knex.raw('create index campaigns_by_number on campaigns (number_id, status, scheduled_at, created_at)');
  await knex.raw('create index campaigns_recent on campaigns (workspace_id, created_at desc)');

  await knex.schema.createTable('campaign_templates', (t) => {
    t.uuid('campaign_id').notNullable().references('campaigns.id').onDelete('cascade');
    t.smallint('position').notNullable();
    t.uuid('template_id').notNullable().references('templates.id');
    t.integer('first_contact').notNullable(); // index among the valid contacts, 0-based
    t.integer('contact_count').notNullable();
    t.primary(['campaign_id', 'position']);
  });

  // No foreign keys on the two bulk tables: a per-row RI check would double the time to load a
  // 100,000-row CSV; rows are written and deleted only together with their campaign.
  await knex.schema.createTable('campaign_contacts', (t) => {
    t.bigIncrements('id');
    t.uuid('campaign_id').notNullable();
    t.integer('row_number').notNullable(); // line in the uploaded file
    t.text('raw_phone');
    t.text('phone');
    t.text('media_url');
    t.jsonb('variables');
    t.text('invalid_reason'); // null: valid
    t.integer('valid_index'); // 0-based order among the valid rows; picks the template chunk
    t.text('status').notNullable();
    t.smallint('status_rank').notNullable().defaultTo(0);
    t.text('wamid');
    t.integer('error_code');
    t.text('error_title');
    t.smallint('attempts').notNullable().defaultTo(0);
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('status_at', { useTz: true });
    t.check("status in ('invalid', 'queued', 'sent', 'delivered', 'read', 'failed')");
  });
  await knex.raw('create index campaign_contacts_by_campaign on campaign_contacts (campaign_id, status)');
  await knex.raw('create unique index campaign_contacts_wamid on campaign_contacts (wamid) where wamid is not null');

  // One row per contact still to send, keyed by the contact itself (no second id sequence).
  await knex.schema.createTable('send_queue', (t) => {
    t.bigInteger('contact_id').primary();
    t.uuid('campaign_id').notNullable();
    t.text('state').notNullable().defaultTo('ready');
    t.smallint('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('claimed_at', { useTz: true });
    t.check("state in ('ready', 'processing')");
  });
  await knex.raw("create index send_queue_ready on send_queue (campaign_id, contact_id) where state = 'ready'");
  await knex.raw("create index send_queue_processing on send_queue (claimed_at) where state = 'processing'");

  await knex.raw(`do $$ begin
    if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
      alter publication supabase_realtime add table campaigns;
    end if; end $$`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['send_queue', 'campaign_contacts', 'campaign_templates', 'campaigns']) await knex.schema.dropTableIfExists(t);
  await knex.schema.alterTable('phone_numbers', (t) => {
    t.dropColumns('max_send_rate_per_sec', 'last_stable_rate_per_sec', 'rate_state');
  });
}
