import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort } from './lib/net.ts';
import { removeDataDir } from './db/embedded.ts';

// These tests run `server/index.ts` as `npm start` does: real embedded Postgres in a temp DATA_DIR.

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startParley(env: Record<string, string>): Started {
  let out = '';
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|PARLEY_|ADMIN_|SUPABASE_)/.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env: { ...cleanEnv, LOG_LEVEL: 'warn', ...env } });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitFor(p: Started, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = p.output().match(pattern);
    if (m) return m;
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`did not see ${pattern}; output:\n${p.output()}`);
}

async function login(port: number, email: string, password: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-boot-'));
  after(() => removeDataDir(dataDir));

  it('stops with one clear line naming a malformed variable', async () => {
    const p = startParley({ PORT: 'eighty', DATA_DIR: dataDir });
    assert.equal(await p.exited, 1);
    assert.equal(p.output().trim(), 'config error: PORT must be a whole number from 0 to 65535 (got "eighty")');
  });

  it('boots with no configuration, prints the admin once, and a second start reuses the data', async () => {
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
    const first = startParley(env);
    const [, email, password] = await waitFor(first, /email:\s+(\S+)\n\s+password:\s+(\S+)/);
    await waitFor(first, /Parley dashboard: http:\/\/localhost:\d+/);
    assert.equal(await login(Number(env.PORT), email!, password!), 200);
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
    assert.ok(secrets.encryptionKey && secrets.jwtSecret);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);

    const second = startParley(env);
    await waitFor(second, /Parley dashboard/);
    assert.ok(!/password:/.test(second.output()), 'no new admin on the second start');
    assert.equal(await login(Number(env.PORT), email!, password!), 200);

    // A SIGKILLed app leaves Postgres running; the next start adopts it instead of failing.
    second.child.kill('SIGKILL');
    await second.exited;
    const third = startParley(env);
    await waitFor(third, /Parley dashboard/);
    assert.equal(await login(Number(env.PORT), email!, password!), 200);
    third.child.kill('SIGTERM');
    assert.equal(await third.exited, 0);
    assert.throws(() => readFileSync(join(dataDir, 'pg', 'postmaster.pid')), 'Postgres stopped with the app');
  });
});
