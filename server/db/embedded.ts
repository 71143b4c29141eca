import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explainPostgresFailure, PgProcess } from './pg-process.ts';
import { placePostgres, type Placement } from './pg-placement.ts';

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

/**
 * Starts the bundled Postgres in DATA_DIR/pg (initialising it the first time) or reuses one
 * already serving that directory, e.g. after the app was killed without a clean shutdown.
 */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedHandle> {
  const placement = placePostgres(opts.dataDir);
  const { databaseDir } = placement;
  const urlFor = (port: number) =>
    `postgres://${USER}:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/postgres`;

  const running = runningServer(databaseDir);
  const owner = running && liveOwner(running.pid);
  if (owner && opts.adopt !== false) {
    // Another Parley is using this cluster right now; stopping it on our way out would cut it off.
    throw new Error(`another Parley process (pid ${owner}) is already running with this DATA_DIR (${resolve(opts.dataDir)}); stop it first, or give this one its own DATA_DIR`);
  }
  if (running) {
    // Left behind by a killed app process (Postgres outlives a SIGKILLed parent): adopt it.
    const supervisor = supervise(opts, placement, running.port, { pid: running.pid, pg: null });
    return {
      url: urlFor(running.port),
      stop: async () => {
        const current = await supervisor.stop();
        if (current.pg) await current.pg.stop();
        else if (opts.adopt !== false) await stopPid(current.pid);
      },
    };
  }

  const pg = await startServer(opts, placement, opts.port);
  const supervisor = supervise(opts, placement, opts.port, { pid: pg.child?.pid ?? 0, pg });
  return {
    url: urlFor(opts.port),
    stop: async () => {
      const current = await supervisor.stop();
      if (current.pg) await current.pg.stop();
    },
  };
}

function newProcess(opts: Options, placement: Placement, port: number): PgProcess {
  return new PgProcess({
    home: placement.home,
    databaseDir: placement.databaseDir,
    port,
    user: USER,
    password: opts.password,
    runAs: placement.runAs,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
      // The working set lives in memory: an index probe costs about what a sequential page read
      // does. At the default 4.0 the planner hash-joined whole tables (messages, contacts) to
      // apply a batch of 500 statuses or sends until they outgrew a few hundred thousand rows.
      '-c', 'random_page_cost=1.1',
    ],
    onLog: (line) => opts.onLog?.(line),
  });
}

/** Starts Postgres (initialising its data directory the first time) as a child of this process. */
async function startServer(opts: Options, placement: Placement, port: number, existing?: PgProcess): Promise<PgProcess> {
  const pg = existing ?? newProcess(opts, placement, port);
  const { databaseDir } = placement;
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    throw new Error(`embedded Postgres failed to start in ${databaseDir} on port ${port}: ${explainPostgresFailure((err as Error).message, pg.recentLines, port)}`);
  }
  return pg;
}

interface Current {
  pid: number;
  /** Null for a server adopted from a previous run (not our child). */
  pg: PgProcess | null;
}

/**
 * Restarts Postgres when it exits without being asked (a crash, the OOM killer), with backoff.
 * The app's connections reconnect by themselves: knex drops dead pool connections, pg-boss's pool
 * too, the realtime hub and the campaign senders' lock connections reconnect.
 */
function supervise(opts: Options, placement: Placement, port: number, initial: Current) {
  let current = initial;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  let restarting: Promise<void> | null = null;
  let failures = 0;
  const emit = opts.onEvent ?? (() => {});

  const watch = () => {
    const child = current.pg?.child;
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
      const pg = await startServer(opts, placement, port, current.pg ?? undefined);
      if (stopping) {
        await pg.stop();
        return;
      }
      current = { pid: pg.child?.pid ?? 0, pg };
      emit('warn', 'embedded Postgres restarted', { pid: current.pid, attempt: failures + 1 });
      failures = 0;
      watch();
    } catch (err) {
      failures++;
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

/** Deletes a throwaway DATA_DIR with its cluster, also one moved out of it (pg-placement.ts). */
export function removeDataDir(dataDir: string): void {
  const pgDir = join(dataDir, 'pg');
  try {
    if (lstatSync(pgDir).isSymbolicLink()) rmSync(resolve(dataDir, readlinkSync(pgDir)), { recursive: true, force: true });
  } catch {
    // no cluster yet
  }
  rmSync(dataDir, { recursive: true, force: true });
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // Postgres "fast" shutdown
  } catch {
    return;
  }
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * The Node process whose child this Postgres is, when that process is still alive. A Postgres
 * left behind by a killed app was re-parented (to pid 1), so it has none and can be adopted.
 */
function liveOwner(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid <= 1) return null;
    const command = readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return /(^|\/)node[^/]*$/.test(command) ? ppid : null;
  } catch {
    return null; // no /proc (not Linux), or it just exited
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
  return isAlive(pid) ? { pid, port } : null; // else a stale file from a crash; Postgres removes it itself on start
}
