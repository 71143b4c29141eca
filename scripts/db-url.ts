// For shell scripts (backup.sh, restore.sh): prints the app database URL without its password and
// writes the password to the file named by PGPASSFILE (mode 0600), where pg_dump and pg_restore
// read it. A password on their command line would be visible to every user through `ps`.
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../server/config.ts';
import { connectAppDatabase } from './db-connect.ts';

const passFile = process.env.PGPASSFILE;
if (!passFile) throw new Error('db-url: set PGPASSFILE to a private temporary file');

async function appDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL; // external mode needs no other setting
  const config = loadConfig();
  if (config.DATABASE_URL) return config.DATABASE_URL;
  // Embedded: only while Parley runs (its Postgres must be up for pg_dump to reach it).
  const conn = await connectAppDatabase();
  await conn.db.destroy();
  return conn.url;
}

const url = new URL(await appDatabaseUrl());
const password = decodeURIComponent(url.password) || url.searchParams.get('password') || '';
url.password = '';
url.searchParams.delete('password');
// .pgpass fields escape backslash and colon; the wildcards make it apply to this one connection.
const escaped = password.replace(/[\\:]/g, (c) => `\\${c}`);
writeFileSync(passFile, password ? `*:*:*:*:${escaped}\n` : '', { mode: 0o600 });
process.stdout.write(url.toString());
