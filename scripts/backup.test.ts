import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { createDb } from '../server/db/knex.ts';
import { createTestDatabase, startTestApp, type TestApp } from '../server/test/harness.ts';

const run = promisify(execFile);

/**
 * Puts a `tool` wrapper first on PATH that records what the real tool was given (its argv, and
 * the PGPASSFILE it was pointed at, with that file's mode and content) and then runs it.
 */
function recordingWrapper(binDir: string, recordDir: string, tool: string, realPath: string): void {
  const script = `#!/usr/bin/env bash
printf '%s\\n' "$@" > "${recordDir}/${tool}.argv"
printf '%s' "\${PGPASSFILE:-}" > "${recordDir}/${tool}.passfile-path"
if [ -n "\${PGPASSFILE:-}" ]; then stat -c %a "$PGPASSFILE" > "${recordDir}/${tool}.passfile-mode"; cat "$PGPASSFILE" > "${recordDir}/${tool}.passfile"; fi
exec "${realPath}" "$@"
`;
  writeFileSync(join(binDir, tool), script);
  chmodSync(join(binDir, tool), 0o755);
}

describe('backup.sh and restore.sh', () => {
  let app: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'parley-backup-'));
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dumps the database, expires old dumps, and the dump restores into an empty database', async () => {
    await app.ctx.db('settings').insert({ workspace_id: app.ctx.defaultWorkspaceId, key: 'probe', value: JSON.stringify({ n: 42 }) });
    const old = join(dir, 'parley-20000101T000000Z.dump');
    writeFileSync(old, 'old');
    utimesSync(old, new Date('2000-01-01'), new Date('2000-01-01'));

    const binDir = join(dir, 'bin');
    const recordDir = join(dir, 'record');
    mkdirSync(binDir);
    mkdirSync(recordDir);
    for (const tool of ['pg_dump', 'pg_restore']) recordingWrapper(binDir, recordDir, tool, (await run('bash', ['-c', `command -v ${tool}`])).stdout.trim());
    const password = decodeURIComponent(new URL(app.ctx.databaseUrl).password);
    assert.ok(password.length > 0, 'the test database URL carries a password');
    const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, DATABASE_URL: app.ctx.databaseUrl, BACKUP_DIR: dir, BACKUP_RETENTION_DAYS: '14' };
    const { stdout } = await run('bash', ['scripts/backup.sh'], { env });
    assert.match(stdout, /backup: wrote /);
    assert.match(stdout, /expired .*parley-20000101T000000Z\.dump/);
    assert.equal(existsSync(old), false);
    const dumps = readdirSync(dir).filter((f) => /^parley-\d{8}T\d{6}Z\.dump$/.test(f));
    assert.equal(dumps.length, 1);
    assertPasswordKeptOffTheCommandLine('pg_dump');

    const target = await createTestDatabase();
    await assert.rejects(run('bash', ['scripts/restore.sh', join(dir, dumps[0]!)], { env: { ...env, DATABASE_URL: target } }), /--yes/);
    await run('bash', ['scripts/restore.sh', join(dir, dumps[0]!), '--yes'], { env: { ...env, DATABASE_URL: target } });
    assertPasswordKeptOffTheCommandLine('pg_restore');
    const restored = createDb(target, 1);
    try {
      const row = await restored('settings').where({ key: 'probe' }).first();
      assert.deepEqual(row.value, { n: 42 });
      const [src, dst] = await Promise.all([app.ctx.db('users').select('email'), restored('users').select('email')]);
      assert.deepEqual(dst, src);
      const migrations = await restored('knex_migrations').count<{ count: string }[]>('* as count');
      assert.ok(Number(migrations[0]!.count) >= 1);
    } finally {
      await restored.destroy();
    }

    /** argv (what `ps` shows) has no password; a 0600 PGPASSFILE had it and is gone afterwards. */
    function assertPasswordKeptOffTheCommandLine(tool: string) {
      const argv = readFileSync(join(recordDir, `${tool}.argv`), 'utf8');
      assert.ok(argv.includes('postgres'), `${tool} was given the database: ${argv}`);
      assert.ok(!argv.includes(password), `${tool}'s command line carries the password: ${argv}`);
      assert.ok(!/password=/i.test(argv), argv);
      const passFile = readFileSync(join(recordDir, `${tool}.passfile-path`), 'utf8');
      assert.ok(passFile, `${tool} ran with PGPASSFILE set`);
      assert.equal(readFileSync(join(recordDir, `${tool}.passfile-mode`), 'utf8').trim(), '600');
      assert.equal(readFileSync(join(recordDir, `${tool}.passfile`), 'utf8'), `*:*:*:*:${password.replace(/[\\:]/g, (c) => `\\${c}`)}\n`);
      assert.equal(existsSync(passFile), false, 'the password file is removed on exit');
    }
  });
});
