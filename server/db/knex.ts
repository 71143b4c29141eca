import knexFactory, { type Knex } from 'knex';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Db = Knex;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

/**
 * Bounds on every pooled connection, so a stalled or unreachable database turns into errors
 * (503 database_unavailable) instead of requests that hang. Statements and open transactions get
 * a minute: the app's own queries take milliseconds; the one legitimately long statement, the
 * campaign COPY, raises its own limit (campaigns/create.ts); migrations run without one.
 */
export const DB_TIMEOUTS = {
  /** Waiting for a free pooled connection. */
  acquireMs: 5_000,
  /** TCP connect + authentication of a new connection. */
  connectMs: 5_000,
  statementMs: 60_000,
  idleInTransactionMs: 60_000,
};

export function createDb(connectionString: string, poolMax = 10): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString, application_name: 'parley', connectionTimeoutMillis: DB_TIMEOUTS.connectMs, keepAlive: true },
    acquireConnectionTimeout: DB_TIMEOUTS.acquireMs,
    // knex warns with the stack of every failed connection attempt; the caller gets the same error
    // and reports it (503 database_unavailable, or the start-up error line), so drop knex's copy.
    log: {
      warn: (message: unknown) => {
        if (!String(message).startsWith('Acquire connection error')) console.warn(message);
      },
    },
    pool: {
      min: 0,
      max: poolMax,
      // SET on each new connection rather than startup options, which poolers such as
      // Supabase's may refuse; it costs one round trip per connection, not per query.
      afterCreate: (conn: PgConnection, done: (err: Error | null, conn: unknown) => void) => {
        nameMarkedStatements(conn);
        conn.query(
          `set statement_timeout = ${DB_TIMEOUTS.statementMs}; set idle_in_transaction_session_timeout = ${DB_TIMEOUTS.idleInTransactionMs}`,
          (err: Error | null) => done(err, conn),
        );
      },
    },
  });
}

/**
 * Marks a hot statement to run as a named prepared statement: Postgres parses it once per
 * connection and, once its plan is settled, stops planning it. For statements of a fixed text
 * (array or JSON parameters rather than lists spliced in), run many times a second: parsing and
 * planning cost the database more than executing them. Never on `select *` (a migration that adds
 * a column would break the statement's cached result type).
 */
export const PREPARED = { prepare: true } as const;

interface PgConnection {
  query(config: unknown, ...rest: unknown[]): unknown;
}

/** Statement names by text: the marked statements are a few dozen texts, hashed once. */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= 1000) statementNames.clear(); // bounded, should a marked text ever vary
    name = `parley_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Gives each query marked PREPARED a name derived from its text (knex passes the mark through to pg). */
function nameMarkedStatements(conn: PgConnection): void {
  const query = conn.query.bind(conn);
  conn.query = (config: unknown, ...rest: unknown[]) => {
    const c = config as { prepare?: boolean; text?: string } | null;
    if (!c?.prepare || typeof c.text !== 'string') return query(config, ...rest);
    return query({ ...c, name: statementName(c.text) }, ...rest);
  };
}

// Migrations are TypeScript modules loaded with import(), so they run under tsx like the app.
// `until` (a migration's name) stops there: tests of a migration fill the tables it finds.
const migrationSource = (until?: string): Knex.MigrationSource<string> => ({
  async getMigrations() {
    return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.+\.ts$/.test(f) && (!until || f <= until)).sort();
  },
  getMigrationName: (name) => name,
  getMigration: (name) => import(pathToFileURL(join(MIGRATIONS_DIR, name)).href),
});

export async function migrateLatest(db: Db, until?: string): Promise<string[]> {
  // Its own connection without the app's statement_timeout: a migration may rewrite a big table.
  const migrator = knexFactory({ ...db.client.config, pool: { min: 0, max: 1 } });
  try {
    const [, applied] = await migrator.migrate.latest({ migrationSource: migrationSource(until) });
    return applied as string[];
  } finally {
    await migrator.destroy();
  }
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
