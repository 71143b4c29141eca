import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SignJWT } from 'jose';
import { createDb, migrateLatest, type Db } from '../db/knex.ts';
import { createTestDatabase, startTestApp, type TestApp } from '../test/harness.ts';
import { prepareSupabaseDatabase, SUPABASE_GRANTS_ON_EXISTING } from '../test/supabase-db.ts';

const SECRET = 'supabase-jwt-secret-for-tests-0123456789';
const SUPABASE_URL = 'http://supabase.test';
// Table -> a column an attacker would rewrite (settings: the LLM base URL lives in value).
const PRIVATE_TABLES: Record<string, string> = {
  messages: 'body',
  contacts: 'name',
  contact_identities: 'profile_name',
  leads: 'name',
  campaigns: 'name',
  notifications: 'is_read',
  channel_accounts: 'access_token_enc',
  templates: 'name',
  refresh_tokens: 'revoked_at',
  settings: 'value',
  users: 'role',
  webhook_events: 'state',
};
// The one table Realtime subscribers read: which topic of a workspace changed, and when.
const REALTIME_TABLES: Record<string, string> = { live_signals: 'changed_at' };
const ALL_CHECKED = { ...PRIVATE_TABLES, ...REALTIME_TABLES };

/** One row in every table the checks look at, for the given workspace. */
async function seedWorkspace(db: Db, workspaceId: string, userId: string): Promise<void> {
  const tag = randomUUID().slice(0, 8);
  const [number] = await db('channel_accounts')
    .insert({ workspace_id: workspaceId, display_name: `n-${tag}`, external_id: `pn-${tag}`, waba_id: 'w', access_token_enc: 'sealed' })
    .returning('id');
  const [person] = await db('contacts').insert({ workspace_id: workspaceId, name: `p-${tag}` }).returning('id');
  const [identity] = await db('contact_identities').insert({ workspace_id: workspaceId, contact_id: person.id, external_id: `91${tag}` }).returning('id');
  const [conversation] = await db('conversations').insert({ workspace_id: workspaceId, account_id: number.id, identity_id: identity.id }).returning('id');
  await db('messages').insert({ workspace_id: workspaceId, account_id: number.id, identity_id: identity.id, conversation_id: conversation.id, direction: 'inbound', type: 'text', body: 'private', status: 'received' });
  await db('leads').insert({ workspace_id: workspaceId, number_id: number.id, identity_id: identity.id, conversation_id: conversation.id, name: 'Lead', extracted_at: db.fn.now() });
  await db('campaigns').insert({ workspace_id: workspaceId, number_id: number.id, name: `c-${tag}`, status: 'completed' });
  await db('notifications').insert({ workspace_id: workspaceId, type: 'info', title: 't', message: 'm' });
  await db('templates').insert({ workspace_id: workspaceId, waba_id: 'w', meta_template_id: `mt-${tag}`, name: `t_${tag}`, language: 'en', category: 'MARKETING', status: 'APPROVED' });
  await db('live_signals').insert({ workspace_id: workspaceId, topic: 'inbox' });
  await db('settings').insert({ workspace_id: workspaceId, key: `rls-${tag}`, value: JSON.stringify({ baseUrl: 'https://api.openai.com/v1' }) });
  await db('refresh_tokens').insert({ user_id: userId, token_hash: `h-${tag}`, expires_at: new Date(Date.now() + 3600_000) });
  // Already processed, so the app's webhook worker leaves it alone while the test compares.
  await db('webhook_events').insert({ object: 'whatsapp_business_account', body: '{"private":true}', state: 'done', processed_at: db.fn.now() });
}

// First in the file: the next suite creates the Supabase roles, which are cluster-wide.
describe('access control on plain Postgres', () => {
  it('migrations run where the Supabase roles do not exist: RLS everywhere, no policies', async (t) => {
    const db = createDb(await createTestDatabase(), 1);
    try {
      const roles = await db.raw("select 1 from pg_roles where rolname in ('anon', 'authenticated')");
      if (roles.rows.length) return t.skip('this Postgres already has the Supabase roles (a reused test cluster)');
      await migrateLatest(db);
      const { rows } = await db.raw("select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity");
      assert.deepEqual(rows, []);
      assert.equal((await db.raw("select count(*)::int as n from pg_policies where schemaname = 'public'")).rows[0].n, 0);
      assert.equal((await db('users').columnInfo('token_version')).defaultValue, '0');
    } finally {
      await db.destroy();
    }
  });
});

describe('access control for Supabase (RLS)', () => {
  let app: TestApp;
  let sql: pg.Client;
  let otherWorkspace: string;
  const member = randomUUID();
  const formerMember = randomUUID();
  const stranger = randomUUID();

  const token = (sub: string, extra: Record<string, unknown> = {}) =>
    new SignJWT({ email: `${sub}@example.com`, role: 'authenticated', ...extra })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer(`${SUPABASE_URL}/auth/v1`)
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
  const me = async (sub: string, extra?: Record<string, unknown>) => (await app.request('/api/me', { token: await token(sub, extra) })).status;

  /** Runs the statements as `role` with the JWT claims Supabase would set, then returns to the owner. */
  async function asRole<T>(role: 'anon' | 'authenticated', sub: string | null, fn: () => Promise<T>): Promise<T> {
    await sql.query("select set_config('request.jwt.claims', $1, false)", [JSON.stringify(sub ? { sub, role } : { role })]);
    await sql.query(`set role ${role}`);
    try {
      return await fn();
    } finally {
      await sql.query('reset role');
    }
  }
  const count = async (table: string) => Number((await sql.query(`select count(*) as n from ${table}`)).rows[0].n);
  const fingerprint = async (table: string) => (await app.ctx.db.raw(`select count(*) as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${table} t`)).rows[0];

  /** Every write fails or touches nothing, and the owner sees the table unchanged afterwards. */
  async function assertWritesChangeNothing(role: 'anon' | 'authenticated', sub: string | null) {
    const before = Object.fromEntries(await Promise.all(Object.keys(ALL_CHECKED).map(async (t) => [t, await fingerprint(t)])));
    await asRole(role, sub, async () => {
      for (const [table, column] of Object.entries(ALL_CHECKED)) {
        await assert.rejects(sql.query(`insert into ${table} default values`), (err: { code?: string }) => err.code === '42501', `${role} insert into ${table}`);
        assert.equal((await sql.query(`update ${table} set ${column} = ${column}`)).rowCount, 0, `${role} update ${table}`);
        assert.equal((await sql.query(`delete from ${table}`)).rowCount, 0, `${role} delete from ${table}`);
      }
    });
    for (const table of Object.keys(ALL_CHECKED)) assert.deepEqual(await fingerprint(table), before[table], `${table} unchanged`);
  }

  before(async () => {
    const url = await createTestDatabase();
    await prepareSupabaseDatabase(url);
    app = await startTestApp({
      DATABASE_URL: url,
      SUPABASE_URL,
      SUPABASE_ANON_KEY: 'anon-key-for-tests-0123456789',
      SUPABASE_JWT_SECRET: SECRET,
      ADMIN_EMAILS: `${member}@example.com`,
    });
    await app.ctx.db.raw(SUPABASE_GRANTS_ON_EXISTING);

    assert.equal(await me(member), 200);
    assert.equal(await me(formerMember, { app_metadata: { parley_role: 'agent' } }), 200);
    assert.equal(await me(formerMember), 403); // the role was removed in Supabase
    assert.equal(await me(stranger), 403);
    const memberRow = await app.ctx.db('users').where({ external_id: member }).first();
    await seedWorkspace(app.ctx.db, app.ctx.defaultWorkspaceId, memberRow.id);
    [{ id: otherWorkspace }] = await app.ctx.db('workspaces').insert({ name: 'Other business' }).returning('id');
    const [otherUser] = await app.ctx.db('users').insert({ workspace_id: otherWorkspace, email: `${randomUUID()}@other.example`, role: 'admin' }).returning('id');
    await seedWorkspace(app.ctx.db, otherWorkspace, otherUser.id);

    sql = new pg.Client({ connectionString: app.ctx.databaseUrl });
    await sql.connect();
  });
  after(async () => {
    await sql?.end();
    await app?.stop();
  });

  it('every table in public has RLS (not forced: the server owns them), and no view or materialized view bypasses it', async () => {
    const { rows } = await app.ctx.db.raw(`
      select c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.reloptions
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')`);
    const tables = rows.filter((r: { relkind: string }) => r.relkind === 'r' || r.relkind === 'p');
    assert.ok(tables.some((r: { relname: string }) => r.relname === 'knex_migrations'));
    assert.deepEqual(tables.filter((r: { relrowsecurity: boolean }) => !r.relrowsecurity).map((r: { relname: string }) => r.relname), [], 'tables without RLS: enable it in their migration');
    assert.deepEqual(tables.filter((r: { relforcerowsecurity: boolean }) => r.relforcerowsecurity).map((r: { relname: string }) => r.relname), []);
    // A view runs as its owner unless security_invoker; a materialized view cannot have RLS at all.
    const leaky = rows.filter((r: { relkind: string; reloptions: string[] | null }) => r.relkind !== 'r' && r.relkind !== 'p' && !(r.relkind === 'v' && r.reloptions?.includes('security_invoker=true')));
    assert.deepEqual(leaky.map((r: { relname: string }) => r.relname), [], 'views in public must be security_invoker; no materialized or foreign tables');
    // PostgREST offers functions in public as RPCs; one running as its owner would skip RLS.
    const definers = await app.ctx.db.raw("select proname from pg_proc where pronamespace = 'public'::regnamespace and prosecdef");
    assert.deepEqual(definers.rows, [], 'no SECURITY DEFINER functions in public');
  });

  it('the only policy is the Realtime read of live_signals for authenticated, the one table in the Realtime publication', async () => {
    const { rows } = await app.ctx.db.raw("select tablename, cmd, roles::text[] as roles from pg_policies where schemaname = 'public' order by tablename");
    assert.deepEqual(rows, [{ tablename: 'live_signals', cmd: 'SELECT', roles: ['authenticated'] }]);
    const published = await app.ctx.db.raw("select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by tablename");
    assert.deepEqual(published.rows, [{ tablename: 'live_signals' }]);
  });

  it('anon (anyone with the published anon key) reads nothing and writes nothing', async () => {
    await asRole('anon', null, async () => {
      for (const table of Object.keys(ALL_CHECKED)) assert.equal(await count(table), 0, `anon reads ${table}`);
      await assert.rejects(sql.query('select * from pgboss.job limit 1'), /permission denied for schema pgboss/);
      await assert.rejects(sql.query('select * from parley_access.member_workspace_ids()'), /permission denied/);
    });
    await assertWritesChangeNothing('anon', null);
  });

  it('a signed-in Supabase user who is not allowlisted reads nothing and writes nothing', async () => {
    for (const sub of [stranger, formerMember]) {
      await asRole('authenticated', sub, async () => {
        for (const table of Object.keys(ALL_CHECKED)) assert.equal(await count(table), 0, `${table} as ${sub === stranger ? 'stranger' : 'former member'}`);
      });
    }
    await assertWritesChangeNothing('authenticated', stranger);
  });

  it("an allowlisted user reads only its workspace's live signals, nothing else, and cannot write", async () => {
    await asRole('authenticated', member, async () => {
      for (const table of Object.keys(REALTIME_TABLES)) {
        const { rows } = await sql.query(`select workspace_id from ${table}`);
        assert.deepEqual(rows.map((r) => r.workspace_id), [app.ctx.defaultWorkspaceId], table);
      }
      for (const table of Object.keys(PRIVATE_TABLES).filter((t) => !(t in REALTIME_TABLES))) assert.equal(await count(table), 0, table);
    });
    await assertWritesChangeNothing('authenticated', member);
    assert.equal(await fingerprint('live_signals').then((f) => Number(f.n)), 2); // both workspaces' rows still there
  });
});
