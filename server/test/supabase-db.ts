import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { removeDataDir, startEmbeddedPostgres } from '../db/embedded.ts';
import { createDb, ensureDatabase } from '../db/knex.ts';
import { freePort } from '../lib/net.ts';

// What a Supabase project looks like to the outside: roles anon and authenticated, which
// PostgREST switches to for requests with the anon key or a user's JWT, holding every privilege
// on the tables of `public` (Supabase's default grants), and the supabase_realtime publication
// that Realtime reads. Roles are cluster-wide, hence the guards; the publication is per database
// (without wal_level=logical Postgres only warns that it cannot stream it, which no test needs).
const SUPABASE_ROLES_AND_GRANTS = `
  do $$ begin create role anon nologin noinherit; exception when duplicate_object or unique_violation then null; end $$;
  do $$ begin create role authenticated nologin noinherit; exception when duplicate_object or unique_violation then null; end $$;
  grant usage on schema public to anon, authenticated;
  alter default privileges in schema public grant all on tables to anon, authenticated;
  alter default privileges in schema public grant all on sequences to anon, authenticated;
  alter default privileges in schema public grant all on functions to anon, authenticated;
  create publication supabase_realtime;`;

/** Grants on tables that existed before the default privileges applied, as Supabase has them. */
export const SUPABASE_GRANTS_ON_EXISTING = `
  grant all on all tables in schema public to anon, authenticated;
  grant all on all sequences in schema public to anon, authenticated;`;

/** Turns a fresh, empty test database into what Parley finds on Supabase before its migrations. */
export async function prepareSupabaseDatabase(url: string): Promise<void> {
  const db = createDb(url, 1);
  try {
    await db.raw(SUPABASE_ROLES_AND_GRANTS);
  } finally {
    await db.destroy();
  }
}

/**
 * A Postgres of its own, prepared like a Supabase project, for tests that start the app in
 * Supabase mode. The roles are cluster-wide: created on the shared test cluster they would make
 * the "migrations without the Supabase roles" case of access-control.test.ts skip.
 */
export async function startSupabaseLikePostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(process.cwd(), '.test-tmp-supabase-'));
  try {
    const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), password: 'parley-test' });
    const url = await ensureDatabase(pg.url, 'parley');
    await prepareSupabaseDatabase(url);
    return {
      url,
      stop: async () => {
        await pg.stop();
        removeDataDir(dir);
      },
    };
  } catch (err) {
    removeDataDir(dir);
    throw err;
  }
}
