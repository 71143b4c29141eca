import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from './lib/net.ts';
import { createTestDatabase } from './test/harness.ts';

// A stray rejected promise is logged and Parley keeps serving; an uncaught exception is logged,
// then Parley stops gracefully and exits 1 (so PM2 starts a clean process). The fault is planted
// by a module preloaded into the real `server/index.ts` process.

/** A child start (tsx compile, migrations, pg-boss) takes seconds alone and many times that beside other load. */
const START_CEILING_MS = 120_000;

async function run(fault: string, waitReady = true) {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(fault)}`, 'server/index.ts'], {
    env: { ...process.env, DATABASE_URL: await createTestDatabase(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ENCRYPTION_KEY: randomBytes(32).toString('hex'), JWT_SECRET: 'j'.repeat(32), ADMIN_EMAIL: 'fault@example.com', ADMIN_PASSWORD: 'fault-password-1', SANDBOX_ENABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
    } catch {
      return false;
    }
  };
  if (waitReady) {
    const deadline = Date.now() + START_CEILING_MS;
    while (Date.now() < deadline && !(await ready()) && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    assert.ok(await ready(), `started:\n${output}`);
  }
  return { child, exited, ready, output: () => output };
}

/** The fault fires once the app answers /healthz. */
const whenUp = (code: string) =>
  `const t = setInterval(() => fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => { if (r.ok) { clearInterval(t); setTimeout(() => { ${code} }); } }, () => {}), 200);`;

describe('process faults', () => {
  it('logs an unhandled rejection with its error and keeps serving', async () => {
    const app = await run(whenUp(`Promise.reject(new Error('planted rejection'));`));
    const deadline = Date.now() + 10_000;
    while (!/unhandled promise rejection/.test(app.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const line = app.output().split('\n').find((l) => l.includes('unhandled promise rejection'));
    assert.ok(line, `logged:\n${app.output()}`);
    assert.match(line!, /planted rejection/, 'with the error');
    // A request answered after the log line proves the process went on (a crash would come first).
    assert.ok(await app.ready(), 'still serving');
    assert.equal(app.child.exitCode, null, 'still running');
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 0);
  });

  it('logs an uncaught exception, stops gracefully and exits 1', async () => {
    const app = await run(whenUp(`throw new Error('planted exception');`), false);
    const timer = setTimeout(() => app.child.kill('SIGKILL'), START_CEILING_MS); // start, fault, then a stop bounded at 10 s
    const code = await app.exited;
    clearTimeout(timer);
    assert.equal(code, 1, app.output());
    const line = app.output().split('\n').find((l) => l.includes('uncaught exception'));
    assert.ok(line && /planted exception/.test(line), `logged with the error:\n${app.output()}`);
    assert.match(app.output(), /"reason":"uncaughtException".*shutting down/, 'went through the graceful stop');
  });
});
