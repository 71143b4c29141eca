import 'dotenv/config';
import { loadConfig } from '../server/config.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { createDb, type Db } from '../server/db/knex.ts';
import { loadOrCreateLocalSecrets } from '../server/lib/secrets-file.ts';

/**
 * The app database for admin scripts: DATABASE_URL, or the embedded Postgres in DATA_DIR,
 * reused when the app is running and started (then stopped again) when it is not.
 */
export async function connectAppDatabase(): Promise<{ url: string; db: Db; close(): Promise<void> }> {
  const config = loadConfig();
  if (config.DATABASE_URL) {
    const db = createDb(config.DATABASE_URL, 2);
    return { url: config.DATABASE_URL, db, close: () => db.destroy() };
  }
  const secrets = loadOrCreateLocalSecrets(config.DATA_DIR);
  const pg = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, password: secrets.pgPassword, adopt: false });
  const url = new URL(pg.url);
  url.pathname = '/parley';
  const db = createDb(url.toString(), 2);
  return {
    url: url.toString(),
    db,
    close: async () => {
      await db.destroy();
      await pg.stop();
    },
  };
}
