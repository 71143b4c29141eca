import type { Knex } from 'knex';

// Parley's data model stops being WhatsApp-shaped: Instagram and Messenger arrive on the same
// conversations, and a website widget next.
//
// - A WhatsApp number, an Instagram professional account and a Facebook Page are each a channel
//   account. phone_numbers becomes channel_accounts in place (ids kept, so campaigns, rules,
//   agents and conversations keep pointing at them); its Meta id (phone number id, IG user id or
//   Page id) is external_id, unique per channel among live accounts. Only WhatsApp needs a WABA.
// - A contact is a person; what a channel knows them by (wa_id and, from 2026, the BSUID; IGSID;
//   PSID) is one of their identities. Today's contacts rows are identities: they are renamed
//   so, and each gets a person with the same id and their profile name.
// - Conversations and messages belong to an account and an identity; a message's id at Meta
//   (wamid or mid) is external_id, in messages and in the status log. A message can carry the
//   customer's reaction and its edits. Campaign contacts keep their wamid: campaigns are WhatsApp's.
//   The AI reply cap counts per customer id, whatever the channel.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table phone_numbers rename to channel_accounts;
    alter index phone_numbers_pkey rename to channel_accounts_pkey;
    alter table channel_accounts rename column phone_number_id to external_id;
    alter table channel_accounts
      add column channel text not null default 'whatsapp',
      add column handle text,
      alter column waba_id drop not null,
      add constraint channel_accounts_channel check (channel in ('whatsapp', 'instagram', 'messenger')),
      add constraint channel_accounts_waba check (channel <> 'whatsapp' or waba_id is not null);
    drop index phone_numbers_live_unique;
    create unique index channel_accounts_live_unique on channel_accounts (channel, external_id) where deleted_at is null;

    alter table contacts rename to contact_identities;
    alter index contacts_pkey rename to contact_identities_pkey;
    alter table contact_identities rename constraint contacts_workspace_id_channel_external_id_unique to contact_identities_key;
    create table contacts (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      name text,
      profile_pic_url text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now());
    alter table contacts enable row level security; -- like every table (0006): only the server reads it
    insert into contacts (id, workspace_id, name, created_at, updated_at)
      select id, workspace_id, profile_name, created_at, updated_at from contact_identities;
    -- A new identity's person is created by the statement that creates the identity
    -- (contacts/identities.ts), under this default id; the reference is checked at its end.
    alter table contact_identities
      add column contact_id uuid,
      add column bsuid text,
      add column profile_pic_url text;
    update contact_identities set contact_id = id;
    alter table contact_identities
      alter column contact_id set not null,
      alter column contact_id set default gen_random_uuid(),
      add constraint contact_identities_contact_id_foreign foreign key (contact_id) references contacts(id) on delete cascade;
    create index contact_identities_by_contact on contact_identities (contact_id);

    alter table conversations rename column number_id to account_id;
    alter table conversations rename column contact_id to identity_id;
    alter table conversations rename constraint conversations_number_id_foreign to conversations_account_id_foreign;
    alter table conversations rename constraint conversations_contact_id_foreign to conversations_identity_id_foreign;

    alter table messages rename column number_id to account_id;
    alter table messages rename column contact_id to identity_id;
    alter table messages rename column wamid to external_id;
    alter table messages rename column context_wamid to context_external_id;
    alter index messages_wamid_unique rename to messages_external_id_unique;
    alter table message_status_logs rename column wamid to external_id;
    alter table ai_reply_usage rename column customer_phone to customer_id;
    alter table leads rename column contact_id to identity_id;
    alter table messages
      add column reaction text,
      add column edited_at timestamptz,
      add column edit_count integer not null default 0;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table messages drop column reaction, drop column edited_at, drop column edit_count;
    alter index messages_external_id_unique rename to messages_wamid_unique;
    alter table message_status_logs rename column external_id to wamid;
    alter table ai_reply_usage rename column customer_id to customer_phone;
    alter table leads rename column identity_id to contact_id;
    alter table messages rename column context_external_id to context_wamid;
    alter table messages rename column external_id to wamid;
    alter table messages rename column identity_id to contact_id;
    alter table messages rename column account_id to number_id;

    alter table conversations rename constraint conversations_identity_id_foreign to conversations_contact_id_foreign;
    alter table conversations rename constraint conversations_account_id_foreign to conversations_number_id_foreign;
    alter table conversations rename column identity_id to contact_id;
    alter table conversations rename column account_id to number_id;

    alter table contact_identities drop column contact_id, drop column bsuid, drop column profile_pic_url;
    drop table contacts;
    alter table contact_identities rename constraint contact_identities_key to contacts_workspace_id_channel_external_id_unique;
    alter index contact_identities_pkey rename to contacts_pkey;
    alter table contact_identities rename to contacts;

    delete from channel_accounts where channel <> 'whatsapp';
    drop index channel_accounts_live_unique;
    create unique index phone_numbers_live_unique on channel_accounts (external_id) where deleted_at is null;
    alter table channel_accounts drop constraint channel_accounts_waba, drop constraint channel_accounts_channel,
      drop column handle, drop column channel, alter column waba_id set not null;
    alter table channel_accounts rename column external_id to phone_number_id;
    alter index channel_accounts_pkey rename to phone_numbers_pkey;
    alter table channel_accounts rename to phone_numbers;
  `);
}
