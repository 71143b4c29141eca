import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from './config.ts';

// .env.example is the operator's list of settings: it must name exactly what Parley reads, so a
// variable added in code without a line there (or a line left behind for a removed one) fails here.
// "Reads" = the config schema, plus direct process.env reads in server/ and scripts/ code and
// ${VAR} reads in the operational shell scripts.

/** Read by tests, benchmarks or setup only, never by a running Parley: not operator settings. */
const NOT_SETTINGS: Record<string, string> = {
  PATH: 'the shell search path',
  PGPASSFILE: 'set by backup.sh/restore.sh for pg_dump, never by the operator',
  PARLEY_TEST_PG_URL: 'set by the test runner',
  TEST_DATABASE_URL: 'test runner option (README: Quick start)',
  TEST_CONCURRENCY: 'test runner option',
  CHROMIUM_PATH: 'browser tests',
  FUZZ_SEED: 'fuzz test', FUZZ_INPUTS: 'fuzz test', FUZZ_TIMEOUT_MS: 'fuzz test',
  BENCH_DATABASE_URL: 'benchmarks', BENCH_SECONDS: 'benchmarks', BENCH_PARTS: 'benchmarks', BENCH_ROLE: 'benchmarks', BENCH_NUMBERS: 'benchmarks', BENCH_ROUNDS: 'benchmarks', BENCH_NODE_ARGS: 'benchmarks', BENCH_REQUESTS: 'benchmarks', BENCH_VISITORS: 'benchmarks', BENCH_RATE: 'benchmarks', MEMORY_PROBE_DIR: 'benchmarks',
  PARLEY_DOMAIN: 'setup-vps.sh input', LETSENCRYPT_EMAIL: 'setup-vps.sh input', APP_DIR: 'setup-vps.sh internal',
  RETENTION_DAYS: 'backup.sh internal (from BACKUP_RETENTION_DAYS)',
};
const SHELL_SCRIPTS = ['scripts/backup.sh', 'scripts/restore.sh'];

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && keep(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

const documented = () => new Set(readFileSync('.env.example', 'utf8').split('\n').flatMap((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1] ?? []));

function readByCode(): Map<string, string> {
  const where = new Map<string, string>();
  for (const k of Object.keys(envSchema.shape)) where.set(k, 'server/config.ts');
  const code = [...files('server', (n) => n.endsWith('.ts') && !n.endsWith('.test.ts')), ...files('scripts', (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))];
  for (const f of code) {
    for (const m of readFileSync(f, 'utf8').matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) where.set(m[1] ?? m[2], f);
  }
  for (const f of SHELL_SCRIPTS) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) where.set(m[1], f);
  }
  for (const k of Object.keys(NOT_SETTINGS)) where.delete(k);
  return where;
}

describe('.env.example', () => {
  it('documents every variable Parley reads', () => {
    const doc = documented();
    const missing = [...readByCode()].filter(([k]) => !doc.has(k)).map(([k, f]) => `${k} (read in ${f})`);
    assert.deepEqual(missing, [], 'add these to .env.example with a comment');
  });

  it('documents nothing Parley does not read', () => {
    const read = readByCode();
    const extra = [...documented()].filter((k) => !read.has(k));
    assert.deepEqual(extra, [], 'remove these from .env.example, or read them (config.ts)');
  });

  it('lists each variable once', () => {
    const names = readFileSync('.env.example', 'utf8').split('\n').flatMap((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1] ?? []);
    assert.deepEqual(names.filter((k, i) => names.indexOf(k) !== i), []);
  });
});
