import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bundledPostgres, placePostgres, relocatedClusterDir } from './pg-placement.ts';

// Where root's Postgres goes, decided against real folders and the real `postgres` OS user.
// (Copying the binaries out of an unreachable node_modules is covered by root-start.test.ts.)
const notRoot = process.getuid?.() !== 0;

describe('placePostgres as root', { skip: notRoot && 'runs only as root (as CI does): it places Postgres for the postgres OS user' }, () => {
  const base = notRoot ? '' : mkdtempSync(join(tmpdir(), 'parley-placement-'));
  const systemDir = join(base, 'system');
  after(() => rmSync(base, { recursive: true, force: true }));

  it('keeps the cluster in DATA_DIR when the postgres user can reach its parent, letting it through DATA_DIR only', () => {
    const open = join(base, 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    chmodSync(base, 0o755);
    const dataDir = join(open, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const placement = placePostgres(dataDir, systemDir);
    assert.equal(placement.databaseDir, join(dataDir, 'pg'));
    // The binaries stay in node_modules unless the checkout itself is closed to the postgres user
    // (CI runs from a 0700 folder), then they are copied into the system folder.
    assert.ok([bundledPostgres().home, join(systemDir, basename(placement.home))].includes(placement.home), placement.home);
    assert.ok(placement.runAs && placement.runAs.uid !== 0);
    assert.equal(statSync(dataDir).mode & 0o777, 0o711);
    chmodSync(base, 0o700);
  });

  it('moves the cluster of a DATA_DIR inside a closed folder to the system folder, behind a symlink', () => {
    const closed = join(base, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    const dataDir = join(closed, 'data');
    mkdirSync(join(dataDir, 'pg'), { recursive: true }); // an empty leftover of a failed start is replaced
    const target = relocatedClusterDir(realpathSync(dataDir), systemDir);
    assert.equal(placePostgres(dataDir, systemDir).databaseDir, target);
    assert.ok(lstatSync(join(dataDir, 'pg')).isSymbolicLink());
    assert.equal(readlinkSync(join(dataDir, 'pg')), target);
    assert.equal(statSync(closed).mode & 0o777, 0o700, 'the closed folder stays closed');
    for (const dir of [systemDir, join(systemDir, 'clusters')]) {
      assert.equal(statSync(dir).uid, 0);
      assert.equal(statSync(dir).mode & 0o777, 0o755);
    }
    assert.equal(placePostgres(dataDir, systemDir).databaseDir, target, 'the next start follows the symlink');
  });

  it('refuses a system folder others can write to', () => {
    const dataDir = join(base, 'closed', 'data2');
    const unsafe = join(base, 'unsafe');
    mkdirSync(unsafe, { mode: 0o777 });
    chmodSync(unsafe, 0o777);
    assert.throws(() => placePostgres(dataDir, unsafe), { message: `${unsafe} must be a folder owned by root and writable only by root (fix or remove it)` });
  });

  it('names the way out for an initialised cluster the postgres user cannot reach', () => {
    const dataDir = join(base, 'closed', 'data3');
    mkdirSync(join(dataDir, 'pg'), { recursive: true });
    writeFileSync(join(dataDir, 'pg', 'PG_VERSION'), '15\n');
    assert.throws(() => placePostgres(dataDir, systemDir), /is out of reach of the OS user "postgres"; move it to .*clusters\/[0-9a-f]{16} and leave a symlink at/);
  });
});

describe('relocatedClusterDir', () => {
  it('is stable per DATA_DIR and distinct between them', () => {
    assert.equal(relocatedClusterDir('/root/parley/data'), relocatedClusterDir('/root/parley/data'));
    assert.notEqual(relocatedClusterDir('/root/parley/data'), relocatedClusterDir('/root/other/data'));
    assert.match(relocatedClusterDir('/root/parley/data'), /^\/var\/lib\/parley\/clusters\/[0-9a-f]{16}$/);
  });
});
