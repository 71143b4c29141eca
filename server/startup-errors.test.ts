import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort } from './lib/net.ts';
import { removeDataDir } from './db/embedded.ts';

// A start that cannot succeed says why in one line on stderr and exits 1: no stack, no JSON.

/** This process's environment without what would point Parley elsewhere than the test says. */
const inherited = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|DATA_DIR|PARLEY_|ADMIN_|SUPABASE_)/.test(k)));

function startParley(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env: { ...inherited(), HOST: '127.0.0.1', ...env } });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function holdPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server)).on('error', reject);
  });
}

function assertOneLine(run: { code: number | null; stdout: string; stderr: string }, expected: RegExp): void {
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0]!, expected);
  assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at |"stack"/, 'no stack anywhere');
}

describe('a failed start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
  const held: Server[] = [];
  after(() => {
    for (const server of held) server.close();
    removeDataDir(dataDir);
  });

  it('names the port when the dashboard port is taken', async () => {
    const port = await freePort();
    held.push(await holdPort(port));
    const run = await startParley({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) });
    assertOneLine(run, new RegExp(`^start-up error: port ${port} on 127\\.0\\.0\\.1 is already in use by another program; stop it or set PORT to a free port$`));
  });

  it("names EMBEDDED_PG_PORT when Postgres's port is taken", async () => {
    const pgPort = await freePort();
    held.push(await holdPort(pgPort));
    const run = await startParley({ DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort) });
    assertOneLine(run, new RegExp(`^start-up error: embedded Postgres failed to start in .* on port ${pgPort}: port ${pgPort} is already in use by another program; stop it or set EMBEDDED_PG_PORT to a free port$`));
  });

  it('refuses a DATA_DIR another running Parley uses, and leaves that one serving', async () => {
    const port = await freePort();
    const first = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: { ...inherited(), DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SANDBOX_ENABLED: 'false' },
      stdio: 'ignore',
    });
    const firstExited = new Promise((r) => first.once('exit', r));
    try {
      const ready = () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      for (let deadline = Date.now() + 120_000; !(await ready()); ) {
        assert.ok(Date.now() < deadline && first.exitCode === null, 'the first Parley started');
        await new Promise((r) => setTimeout(r, 200));
      }
      const second = await startParley({ DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) });
      assertOneLine(second, new RegExp(`^start-up error: another Parley process \\(pid ${first.pid}\\) is already running with this DATA_DIR \\(.*\\); stop it first, or give this one its own DATA_DIR$`));
      assert.ok(await ready(), 'the first one still serves');
    } finally {
      first.kill('SIGTERM');
      await firstExited;
    }
  });

  it('names DATA_DIR when it cannot be written', async () => {
    const file = join(dataDir, 'a-file');
    writeFileSync(file, '');
    const run = await startParley({ DATA_DIR: join(file, 'data'), PORT: String(await freePort()) });
    assertOneLine(run, /^start-up error: DATA_DIR .*a-file\/data is not usable: ENOTDIR on .*; set DATA_DIR to a folder this user can write$/);
  });
});
