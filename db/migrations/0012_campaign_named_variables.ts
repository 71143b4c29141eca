import type { Knex } from 'knex';

// NAMED templates ({{customer_name}}) take their values by name: a contact keeps the values of
// the columns its campaign's NAMED templates use, next to the positional `variables`. Null for
// the usual POSITIONAL campaign, so the 100,000-row COPY writes nothing more for it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('campaign_contacts', (t) => {
    t.jsonb('named_variables');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('campaign_contacts', (t) => {
    t.dropColumn('named_variables');
  });
}
