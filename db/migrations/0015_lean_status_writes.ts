import type { Knex } from 'knex';

// Every campaign send is written twice (campaign contact, conversation message) and then moved by
// three status webhooks in both tables: per send about a dozen row writes, the campaign engine's
// main cost once it runs at Meta's ceiling (docs/benchmarks.md, bench:loop). Two changes cut it:
//
// - A message belongs to its conversation, which already references its workspace, number and
//   contact; the message's own copies of those ids are for indexes and never dangle unless the
//   conversation does. Their foreign keys cost three checks per inserted message (and again on
//   every update in the inserting transaction), so only the conversation's is kept, now cascading
//   so deleting a workspace still removes its messages. A status log's workspace id is scoping,
//   not a reference: logs expire with the messages (retention.ts).
// - A campaign contact's status was in an index, so each of its three status updates rewrote all
//   its indexes. Indexed by campaign and id instead (its exports page through it), with room on
//   each page, the updates become HOT: the row moves, no index does.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table messages drop constraint messages_workspace_id_foreign,
                         drop constraint messages_number_id_foreign,
                         drop constraint messages_contact_id_foreign,
                         drop constraint messages_conversation_id_foreign,
                         add constraint messages_conversation_id_foreign foreign key (conversation_id) references conversations(id) on delete cascade;
    alter table message_status_logs drop constraint message_status_logs_workspace_id_foreign;
    create index campaign_contacts_by_campaign_id on campaign_contacts (campaign_id, id);
    drop index campaign_contacts_by_campaign;
    alter table campaign_contacts set (fillfactor = 80);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table campaign_contacts reset (fillfactor);
    create index campaign_contacts_by_campaign on campaign_contacts (campaign_id, status);
    drop index campaign_contacts_by_campaign_id;
    alter table message_status_logs add constraint message_status_logs_workspace_id_foreign foreign key (workspace_id) references workspaces(id) on delete cascade;
    alter table messages drop constraint messages_conversation_id_foreign,
                         add constraint messages_conversation_id_foreign foreign key (conversation_id) references conversations(id),
                         add constraint messages_workspace_id_foreign foreign key (workspace_id) references workspaces(id) on delete cascade,
                         add constraint messages_number_id_foreign foreign key (number_id) references phone_numbers(id),
                         add constraint messages_contact_id_foreign foreign key (contact_id) references contacts(id);
  `);
}
