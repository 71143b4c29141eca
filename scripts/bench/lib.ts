// Shared pieces of the benchmarks: a throwaway Postgres, child processes for servers under test
// (so the load generator never shares their event loop), autocannon runs, medians.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { ensureDatabase } from '../../server/db/knex.ts';
import { freePort } from '../../server/lib/net.ts';

export async function benchDatabase(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), password: 'bench' });
  return {
    url: await ensureDatabase(pg.url, name),
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a TypeScript entry point in a child process and waits until `readyPath` answers. */
export async function startChild(entry: string, env: Record<string, string>, port: number, readyPath = '/healthz'): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}${readyPath}`)).status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${entry} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type LoadResult = autocannon.Result;

export function load(opts: autocannon.Options): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The standalone simulator in its own process (status webhooks off), once it answers /health. */
export async function startSim(port: number, requestLogSize = 1000): Promise<ChildProcess> {
  const args = ['--import', 'tsx', 'server/sandbox/cli.ts', '--port', String(port), '--no-status-webhooks', '--request-log-size', String(requestLogSize)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('simulator did not start');
}
