import type { Knex } from 'knex';

// A webhook event whose batch fails is applied item by item (each message, status or template
// update in its own savepoint); an item that still fails is parked here with its error, so the
// rest of its event is stored and the event completes. `item` is the parsed item as JSON text
// (jsonb cannot hold the U+0000 a bad item may carry). Deleted with its event by retention.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_parked_items', (t) => {
    t.bigIncrements('id');
    t.bigInteger('event_id').notNullable().references('webhook_events.id').onDelete('cascade');
    t.text('kind').notNullable();
    t.text('item').notNullable();
    t.text('error').notNullable();
    t.timestamp('parked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("kind in ('message', 'status', 'template')");
  });
  await knex.raw('create index webhook_parked_items_event on webhook_parked_items (event_id)');
  // Like every table: closed to Supabase's anon and authenticated roles (the server is the owner).
  await knex.raw('alter table webhook_parked_items enable row level security');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webhook_parked_items');
}
