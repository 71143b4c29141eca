import type { Knex } from 'knex';

// The campaign page charts its send rate against the rate the controller had learned. The
// controller keeps only its current rate (phone_numbers.rate_state), so each outcome batch adds
// its counts to a 5-second bucket here: one upsert a second while sending, ~720 rows an hour.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('campaign_rate_samples', (t) => {
    t.uuid('campaign_id').notNullable().references('campaigns.id').onDelete('cascade');
    t.timestamp('bucket', { useTz: true }).notNullable(); // start of the 5-second bucket
    t.integer('sent').notNullable(); // accepted by Meta
    t.integer('throttled').notNullable(); // refused with 130429 (rate limit)
    t.integer('errors').notNullable(); // any other refusal or network error
    t.double('rate').notNullable(); // the controller's rate (msg/s) after the bucket's last batch
    t.primary(['campaign_id', 'bucket']);
  });
  // Like every table: closed to Supabase's anon and authenticated roles (the server is the owner).
  await knex.raw('alter table campaign_rate_samples enable row level security');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('campaign_rate_samples');
}
