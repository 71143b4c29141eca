import type { Knex } from 'knex';

// Secrets are re-sealed bound to their table and column by a boot step (server/secrets/rewrap.ts),
// not here: a migration has no encryption key. This migration carries the schema side of the
// same hardening: credit balance stripes become bigint with a bound, so no top-up or charge can
// overflow a 32-bit integer (Postgres error 22003) and turn into a 500. The service keeps the
// workspace total far lower (credits/service.ts MAX_BALANCE); this CHECK is the last line.
const BOUND = '1000000000000000'; // 1e15

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table credit_balances alter column balance type bigint');
  await knex.raw(`alter table credit_balances add constraint credit_balances_balance_bounded check (balance between -${BOUND} and ${BOUND})`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table credit_balances drop constraint credit_balances_balance_bounded');
  await knex.raw('alter table credit_balances alter column balance type integer');
}
