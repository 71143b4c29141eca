import type { Knex } from 'knex';

// Message templates synced from Meta, their quarantine state, and every transition's history.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('templates', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('waba_id').notNullable();
    t.text('meta_template_id').notNullable();
    t.text('name').notNullable();
    t.text('language').notNullable();
    t.text('status').notNullable();
    t.text('category').notNullable();
    t.text('correct_category'); // Meta's announced re-categorisation, if any
    t.text('parameter_format');
    t.jsonb('components').notNullable().defaultTo('[]');
    t.text('quality_score');
    t.text('rejected_reason');
    t.boolean('is_active').notNullable().defaultTo(true); // false once deleted on Meta's side
    t.boolean('is_quarantined').notNullable().defaultTo(false);
    t.text('quarantine_reason');
    t.timestamp('quarantined_at', { useTz: true });
    t.boolean('is_test').notNullable().defaultTo(false);
    t.timestamp('last_synced_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workspace_id', 'waba_id', 'meta_template_id']);
    t.index(['workspace_id', 'name']);
  });

  await knex.schema.createTable('audit_template_changes', (t) => {
    t.bigIncrements('id');
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('template_id').notNullable().references('templates.id').onDelete('cascade');
    t.text('field').notNullable();
    t.text('old_value');
    t.text('new_value');
    t.text('source').notNullable();
    t.text('detail');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("field in ('category', 'status', 'quarantine', 'active')");
    t.check("source in ('sync', 'webhook', 'admin')");
    t.index(['template_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_template_changes');
  await knex.schema.dropTableIfExists('templates');
}
