import type { Knex } from 'knex';

// Campaign sends are messages of the customer's conversation too: an outbound message of type
// 'template' names the template it rendered (its text is in body).
// Every outbound message then gets its status updates (delivered, read, or failed), which touch
// no indexed column: with room left in each page they are HOT updates, rewriting no index entry.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.text('template_name');
  });
  await knex.raw('alter table messages set (fillfactor = 70)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table messages reset (fillfactor)');
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('template_name');
  });
}
