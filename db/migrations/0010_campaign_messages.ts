import type { Knex } from 'knex';

// Campaign sends are messages of the customer's conversation too: an outbound message of type
// 'template' names the template it rendered (its text is in body).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.text('template_name');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('template_name');
  });
}
