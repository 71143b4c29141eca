import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { createDb } from '../server/db/knex.ts';
import { createTestDatabase, startTestApp, type TestApp } from '../server/test/harness.ts';

const run = promisify(execFile);

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

    const env = { ...process.env, DATABASE_URL: app.ctx.databaseUrl, BACKUP_DIR: dir, BACKUP_RETENTION_DAYS: '14' };
    const { stdout } = await run('bash', ['scripts/backup.sh'], { env });
    assert.match(stdout, /backup: wrote /);
    assert.match(stdout, /expired .*parley-20000101T000000Z\.dump/);
    assert.equal(existsSync(old), false);
    const dumps = readdirSync(dir).filter((f) => /^parley-\d{8}T\d{6}Z\.dump$/.test(f));
    assert.equal(dumps.length, 1);

    const target = await createTestDatabase();
    await assert.rejects(run('bash', ['scripts/restore.sh', join(dir, dumps[0]!)], { env: { ...env, DATABASE_URL: target } }), /--yes/);
    await run('bash', ['scripts/restore.sh', join(dir, dumps[0]!), '--yes'], { env: { ...env, DATABASE_URL: target } });
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
  });
});
