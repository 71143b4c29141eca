import type { Knex } from 'knex';

// Meta sends a delivery again when our answer did not reach it as a 200 (a 503 while the database
// stalled, a timeout at the proxy) even if the first write went through. A retry carries the same
// bytes, so the SHA-256 of the raw body identifies it: the second copy is acknowledged and not
// stored. Rows from before this migration have no hash (NULLs never conflict).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table webhook_events add column body_sha256 bytea');
  await knex.raw('create unique index webhook_events_body_sha256 on webhook_events (body_sha256)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists webhook_events_body_sha256');
  await knex.raw('alter table webhook_events drop column if exists body_sha256');
}
