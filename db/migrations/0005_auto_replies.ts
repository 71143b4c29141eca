import type { Knex } from 'knex';

// Auto-replies: keyword rules, one agent per number (system prompt or an OpenAI dashboard prompt
// with one OpenAI conversation per customer conversation), a durable reply queue (one task per
// inbound text message, worked one at a time per conversation), the reply log for analytics,
// lifetime AI-reply counts per customer phone, workspace credits with a ledger, and leads.
export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  const workspace = (t: Knex.CreateTableBuilder) => t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');

  await knex.schema.createTable('reply_rules', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    workspace(t);
    t.uuid('number_id').references('phone_numbers.id').onDelete('cascade'); // null: every number
    t.text('name').notNullable();
    t.specificType('keywords', 'text[]').notNullable();
    t.text('match_mode').notNullable().defaultTo('any');
    t.text('reply').notNullable();
    t.integer('priority').notNullable().defaultTo(0);
    t.boolean('is_enabled').notNullable().defaultTo(true);
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'updated_at').notNullable().defaultTo(knex.fn.now());
    t.check("match_mode in ('any', 'all')");
  });

  // An agent row is never re-pointed at another prompt: a new prompt id makes a new agent.
  await knex.schema.createTable('agents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    workspace(t);
    t.uuid('number_id').notNullable().references('phone_numbers.id').onDelete('cascade');
    t.text('name').notNullable();
    t.text('mode').notNullable();
    t.text('system_prompt').notNullable().defaultTo('');
    t.text('prompt_id');
    t.text('prompt_version');
    t.jsonb('prompt_variables').notNullable().defaultTo('{}');
    t.text('fallback_message');
    t.boolean('is_enabled').notNullable().defaultTo(true);
    ts(t, 'archived_at');
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
    ts(t, 'updated_at').notNullable().defaultTo(knex.fn.now());
    t.check("mode in ('system_prompt', 'openai_prompt')");
    t.check("mode = 'system_prompt' or prompt_id is not null");
  });
  await knex.raw('create unique index agents_one_current on agents (number_id) where archived_at is null');
  await knex.raw(`insert into agents (workspace_id, number_id, name, mode, system_prompt)
                  select workspace_id, id, display_name || ' agent', 'system_prompt', system_prompt
                    from phone_numbers where deleted_at is null and system_prompt <> ''`);
  await knex.schema.alterTable('phone_numbers', (t) => t.dropColumn('system_prompt'));

  await knex.schema.alterTable('conversations', (t) => {
    t.uuid('agent_id').references('agents.id');
    t.text('openai_conversation_id');
    ts(t, 'openai_conversation_used_at');
    ts(t, 'leads_extracted_at'); // the last_message_at the last extraction covered
    ts(t, 'leads_attempted_at');
  });
  await knex.raw('create index conversations_lead_due on conversations (last_message_at) where last_message_at is not null');

  await knex.schema.createTable('conversation_archives', (t) => {
    t.bigIncrements('id');
    workspace(t);
    t.uuid('conversation_id').notNullable().references('conversations.id').onDelete('cascade');
    t.uuid('agent_id').references('agents.id');
    t.text('openai_conversation_id');
    t.text('reason').notNullable();
    ts(t, 'archived_at').notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('reply_tasks', (t) => {
    t.bigIncrements('id');
    workspace(t);
    t.uuid('conversation_id').notNullable().references('conversations.id').onDelete('cascade');
    t.bigInteger('message_id').notNullable().unique();
    ts(t, 'message_at').notNullable();
    t.text('state').notNullable().defaultTo('pending');
    t.smallint('attempts').notNullable().defaultTo(0);
    ts(t, 'claimed_at');
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
    t.check("state in ('pending', 'processing')");
  });
  await knex.raw('create index reply_tasks_order on reply_tasks (conversation_id, message_at, id)');

  await knex.schema.createTable('reply_logs', (t) => {
    t.bigIncrements('id');
    workspace(t);
    t.uuid('number_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.bigInteger('inbound_message_id').notNullable();
    t.text('source').notNullable(); // rule | agent | fallback | none
    t.uuid('rule_id');
    t.uuid('agent_id');
    t.text('outcome').notNullable();
    t.text('detail');
    t.bigInteger('reply_message_id');
    t.integer('llm_ms');
    t.integer('input_tokens');
    t.integer('output_tokens');
    t.integer('credits_charged').notNullable().defaultTo(0);
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index reply_logs_recent on reply_logs (workspace_id, created_at desc)');
  await knex.raw('create index reply_logs_by_rule on reply_logs (rule_id) where rule_id is not null');

  await knex.schema.createTable('ai_reply_usage', (t) => {
    workspace(t);
    t.text('customer_phone').notNullable();
    t.integer('replies').notNullable().defaultTo(0);
    ts(t, 'last_reply_at');
    t.primary(['workspace_id', 'customer_phone']);
  });

  // The balance is the sum of a few stripes: every AI reply charges one at random, so concurrent
  // replies do not queue on one row lock (held until each commit's disk flush).
  await knex.schema.createTable('credit_balances', (t) => {
    workspace(t);
    t.smallint('stripe').notNullable();
    t.integer('balance').notNullable().defaultTo(0);
    ts(t, 'updated_at').notNullable().defaultTo(knex.fn.now());
    t.primary(['workspace_id', 'stripe']);
  });
  await knex.schema.createTable('credit_ledger', (t) => {
    t.bigIncrements('id');
    workspace(t);
    t.integer('delta').notNullable();
    t.text('reason').notNullable();
    t.bigInteger('reply_log_id');
    t.uuid('user_id');
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('leads', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    workspace(t);
    t.uuid('conversation_id').notNullable().unique().references('conversations.id').onDelete('cascade');
    t.uuid('number_id').notNullable();
    t.uuid('contact_id').notNullable();
    t.text('name');
    t.text('email');
    t.text('company');
    t.text('intent');
    t.text('urgency');
    t.text('budget');
    t.text('fit');
    t.text('engagement');
    ts(t, 'demo_datetime');
    t.text('smart_notification');
    ts(t, 'extracted_at').notNullable();
    ts(t, 'created_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index leads_recent on leads (workspace_id, extracted_at desc)');
  await knex.raw(`do $$ begin
    if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
      alter publication supabase_realtime add table leads;
    end if; end $$`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['leads', 'credit_ledger', 'credit_balances', 'ai_reply_usage', 'reply_logs', 'reply_tasks', 'conversation_archives']) await knex.schema.dropTableIfExists(t);
  await knex.schema.alterTable('conversations', (t) => t.dropColumns('agent_id', 'openai_conversation_id', 'openai_conversation_used_at', 'leads_extracted_at', 'leads_attempted_at'));
  await knex.schema.alterTable('phone_numbers', (t) => t.text('system_prompt').notNullable().defaultTo(''));
  await knex.raw(`update phone_numbers n set system_prompt = a.system_prompt from agents a where a.number_id = n.id and a.archived_at is null and a.mode = 'system_prompt'`);
  await knex.schema.dropTableIfExists('agents');
  await knex.schema.dropTableIfExists('reply_rules');
}
