// npm run admin:password [-- --email someone@example.com] [-- --password 'new password']
// Sets a new password for the local admin (the first one, or --email) and signs out its sessions.
import { parseArgs } from 'node:util';
import { generatePassword, MIN_PASSWORD_LENGTH } from '../server/auth/passwords.ts';
import { resetAdminPassword } from '../server/auth/service.ts';
import { connectAppDatabase } from './db-connect.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } });
  if (values.password !== undefined && values.password.length < MIN_PASSWORD_LENGTH) throw new Error(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const password = values.password ?? generatePassword();
  const conn = await connectAppDatabase();
  try {
    const email = await resetAdminPassword(conn, values.email, password);
    process.stdout.write(
      values.password ? `Password updated for ${email}.\n` : `New password for ${email}: ${password}\n(shown only now; existing sessions were signed out)\n`,
    );
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  process.stderr.write(`admin:password failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
