import type { Knex } from 'knex';

// Workspaces, users, refresh tokens and settings. Every business table from here on carries
// workspace_id so that more users and tenants never need a rewrite.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspaces', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index workspaces_one_default on workspaces (is_default) where is_default');
  await knex('workspaces').insert({ name: 'Default workspace', is_default: true });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('email').notNullable();
    t.text('password_hash');
    t.text('auth_provider').notNullable().defaultTo('local');
    t.text('external_id').unique();
    t.text('role').notNullable().defaultTo('admin');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true });
    t.check("auth_provider in ('local', 'supabase')");
  });
  await knex.raw('create unique index users_email_unique on users (lower(email))');

  await knex.schema.createTable('refresh_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
  });

  await knex.schema.createTable('settings', (t) => {
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('key').notNullable();
    t.jsonb('value').notNullable();
    t.boolean('is_secret').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['workspace_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['settings', 'refresh_tokens', 'users', 'workspaces']) await knex.schema.dropTableIfExists(table);
}
