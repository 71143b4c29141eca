// Prints the app database URL for shell scripts (backup.sh, restore.sh).
import { loadConfig } from '../server/config.ts';
import { connectAppDatabase } from './db-connect.ts';

const config = loadConfig();
if (config.DATABASE_URL) {
  process.stdout.write(config.DATABASE_URL);
} else {
  // Embedded: only while Parley runs (its Postgres must be up for pg_dump to reach it).
  const conn = await connectAppDatabase();
  process.stdout.write(conn.url);
  await conn.db.destroy();
}
