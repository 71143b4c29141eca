import knexFactory, { type Knex } from 'knex';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Db = Knex;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

export function createDb(connectionString: string, poolMax = 10): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString, application_name: 'parley' },
    pool: { min: 0, max: poolMax },
  });
}

// Migrations are TypeScript modules loaded with import(), so they run under tsx like the app.
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.+\.ts$/.test(f)).sort();
  },
  getMigrationName: (name) => name,
  getMigration: (name) => import(pathToFileURL(join(MIGRATIONS_DIR, name)).href),
};

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest({ migrationSource });
  return applied as string[];
}

/** Creates the database named in the URL when it does not exist (embedded mode). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = createDb(serverUrl, 1);
  try {
    const found = await admin.raw('select 1 from pg_database where datname = ?', [name]);
    if (found.rows.length === 0) await admin.raw('create database ??', [name]);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
