import type { Knex } from 'knex';

// Auto-replies that are not silently lost: each number chooses what its default fallback reply
// does (inherit the workspace text, its own text, or none), and two indexes serve the reply
// guards: "was this inbound message already answered?" and "when did this conversation last get
// the default reply?". A reply Meta refused is an outbound message with status 'failed' and
// Meta's code and title, in the columns messages already has.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('phone_numbers', (t) => {
    t.text('fallback_reply_mode').notNullable().defaultTo('inherit');
    t.text('fallback_reply_text');
    t.check("fallback_reply_mode in ('inherit', 'custom', 'off')", [], 'phone_numbers_fallback_reply_mode');
    t.check("fallback_reply_mode <> 'custom' or length(fallback_reply_text) between 1 and 4096", [], 'phone_numbers_fallback_reply_text');
  });
  await knex.raw('create index reply_logs_inbound on reply_logs (inbound_message_id)');
  await knex.raw("create index reply_logs_default_reply on reply_logs (conversation_id, created_at desc) where source = 'default' and outcome = 'sent'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists reply_logs_default_reply');
  await knex.raw('drop index if exists reply_logs_inbound');
  await knex.schema.alterTable('phone_numbers', (t) => {
    t.dropChecks(['phone_numbers_fallback_reply_mode', 'phone_numbers_fallback_reply_text']);
    t.dropColumn('fallback_reply_text');
    t.dropColumn('fallback_reply_mode');
  });
}
