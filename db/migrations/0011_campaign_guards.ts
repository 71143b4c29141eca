import type { Knex } from 'knex';

// Campaigns that stop themselves: a `paused` status with what paused it (`pause_kind`: the number's
// token expired, so it resumes by itself once the token works again; or too many failed sends, so
// it waits for the user). The sent and failed counters become the one definition of those counts:
// a contact a status webhook reports failed moves from sent to failed (campaigns/queries.ts), and
// existing campaigns are recounted from their contacts once here.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`do $$ declare c text; begin
    for c in select conname from pg_constraint
              where conrelid = 'campaigns'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%scheduled%'
    loop execute format('alter table campaigns drop constraint %I', c); end loop; end $$`);
  await knex.raw(`alter table campaigns add constraint campaigns_status_check
    check (status in ('scheduled', 'queued', 'running', 'paused', 'stopped', 'completed', 'failed'))`);
  await knex.schema.alterTable('campaigns', (t) => {
    t.text('pause_kind');
    t.check("pause_kind in ('token_expired', 'failures')", [], 'campaigns_pause_kind_check');
  });
  await knex.raw(`update campaigns c set sent_count = x.sent, failed_count = x.failed
      from (select campaign_id,
                   count(*) filter (where status in ('sent', 'delivered', 'read'))::int as sent,
                   count(*) filter (where status = 'failed')::int as failed
              from campaign_contacts group by campaign_id) x
     where c.id = x.campaign_id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("update campaigns set status = 'stopped' where status = 'paused'");
  await knex.schema.alterTable('campaigns', (t) => {
    t.dropChecks(['campaigns_pause_kind_check']);
    t.dropColumn('pause_kind');
  });
  await knex.raw('alter table campaigns drop constraint campaigns_status_check');
  await knex.raw(`alter table campaigns add constraint campaigns_status_check
    check (status in ('scheduled', 'queued', 'running', 'stopped', 'completed', 'failed'))`);
}
