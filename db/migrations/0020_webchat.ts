import type { Knex } from 'knex';

// The website chat widget (issue 15).
//
// - A widget is a channel account of channel 'webchat': external_id is its public key (the
//   snippet's data-widget), display_name its name, access_token_enc a sealed random secret of its
//   own (the column is required; it is kept for rotating the widget's visitor tokens). It has no
//   WABA and no token at Meta.
// - webchat_widgets holds what the admin sets (settings, validated by server/webchat/schema.ts
//   before it is written) and the WhatsApp-mode button's click count, one row per widget account.
// - A visitor is a contact identity of channel 'webchat' (external_id: the visitor id); what they
//   typed into the pre-chat form is kept on the identity (profile_name, email, phone), since it is
//   theirs to see again. A person (contacts) gets an email and a phone: an identity whose email
//   or phone matches a person's joins that person (server/contacts/linking.ts), so the index is on
//   the lower-cased email, as matching ignores case.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table channel_accounts drop constraint channel_accounts_channel;
    alter table channel_accounts add constraint channel_accounts_channel check (channel in ('whatsapp', 'instagram', 'messenger', 'webchat'));

    create table webchat_widgets (
      account_id uuid primary key references channel_accounts(id) on delete cascade,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      settings jsonb not null,
      clicks bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now());
    create index webchat_widgets_by_workspace on webchat_widgets (workspace_id);
    alter table webchat_widgets enable row level security; -- like every table (0006): only the server reads it

    alter table contacts add column email text, add column phone text;
    create index contacts_by_email on contacts (workspace_id, lower(email)) where email is not null;
    create index contacts_by_phone on contacts (workspace_id, phone) where phone is not null;
    alter table contact_identities add column email text, add column phone text;
  `);
}

export async function down(knex: Knex): Promise<void> {
  // Web chat's conversations (their messages, tasks, logs and events go with them), visitors and
  // widgets are removed; so are the people who were only visitors.
  await knex.raw(`
    delete from conversations where account_id in (select id from channel_accounts where channel = 'webchat')
      or identity_id in (select id from contact_identities where channel = 'webchat');
    delete from contact_identities where channel = 'webchat';
    delete from contacts p where not exists (select 1 from contact_identities k where k.contact_id = p.id);
    drop table webchat_widgets;
    delete from channel_accounts where channel = 'webchat';
    alter table contact_identities drop column email, drop column phone;
    drop index contacts_by_phone;
    drop index contacts_by_email;
    alter table contacts drop column email, drop column phone;
    alter table channel_accounts drop constraint channel_accounts_channel;
    alter table channel_accounts add constraint channel_accounts_channel check (channel in ('whatsapp', 'instagram', 'messenger'));
  `);
}
