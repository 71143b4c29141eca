import { execSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type PgBoss from 'pg-boss';
import { decodeKey, type Config } from './config.ts';
import type { AppContext, Keys } from './context.ts';
import { ensureAdmin } from './auth/service.ts';
import { startEmbeddedPostgres, type EmbeddedHandle } from './db/embedded.ts';
import { createDb, ensureDatabase, migrateLatest, type Db } from './db/knex.ts';
import { rewrapLegacySecrets } from './secrets/rewrap.ts';
import { createApp } from './app.ts';
import { createDrainableServer, type DrainableServer } from './http/drain.ts';
import { startBoss } from './jobs/boss.ts';
import { FEATURES, queueJobs, scheduledJobs } from './features.ts';
import { createQueues, startWorkers } from './jobs/schedule.ts';
import { loadOrCreateLocalSecrets } from './lib/secrets-file.ts';
import type { Logger } from './lib/logger.ts';
import { ChangeHub } from './realtime/hub.ts';
import { startSignalRelay } from './realtime/signals.ts';
import { createSandbox } from './sandbox/index.ts';
import { sandboxKeys } from './sandbox/keys.ts';
import { restoreSandbox } from './sandbox/restore.ts';
import { GraphClients } from './channels/clients.ts';
import { Wakeup } from './lib/wakeup.ts';

export interface Running {
  ctx: AppContext;
  /** Base URL of the HTTP server, or null for a worker-only process. */
  url: string | null;
  /** Set only on the first start, when Parley generated the admin password itself. */
  initialAdmin: { email: string; password: string | null } | null;
  stop(): Promise<void>;
}

/** stop() finishes within this (index.ts exits anyway at 10 s): senders, then HTTP, then the rest. */
const STOP_BUDGET_MS = 9000;
/** Of that budget, what the HTTP drain leaves for the workers, pg-boss and the database to close. */
const HTTP_DRAIN_RESERVE_MS = 3000;
/** Senders stop claiming at once; this bounds the wait for answers to requests already sent. */
const SENDERS_STOP_MS = 4000;

async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([p.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return done;
}

const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** config -> database (embedded or URL) -> migrations -> pg-boss -> http + workers */
export async function boot(config: Config, logger: Logger): Promise<Running> {
  const cleanups: Array<() => Promise<void> | void> = [];
  // Stopped first, before HTTP: their sends may go to the in-app simulator served by this very
  // server, and each must record the outcome of every request already on the wire.
  const senders: Array<() => Promise<void>> = [];
  let stopBy = 0;
  let stopping: Promise<void> | null = null;
  // Once only: a second caller (a signal during an error stop) waits for the same stop.
  const stop = () =>
    (stopping ??= (async () => {
      stopBy = Date.now() + STOP_BUDGET_MS;
      const sendersStopped = Promise.all(senders.splice(0).map((fn) => fn().catch((err) => logger.error({ err }, 'stopping a sender failed'))));
      if (!(await settlesWithin(sendersStopped, SENDERS_STOP_MS))) logger.warn('shutdown: sends still unanswered were left in processing; the next owner of their numbers requeues them');
      for (const fn of cleanups.reverse()) await fn();
    })());
  try {
    const local = config.dbMode === 'embedded' ? loadOrCreateLocalSecrets(config.DATA_DIR) : null;
    const keys = resolveKeys(config, local);

    let databaseUrl = config.DATABASE_URL ?? '';
    if (local) {
      const pg: EmbeddedHandle = await startEmbeddedPostgres({
        dataDir: config.DATA_DIR,
        port: config.EMBEDDED_PG_PORT,
        password: local.pgPassword,
        onLog: (line) => logger.debug({ pg: line.trim() }, 'postgres'),
        onEvent: (level, message, detail) => logger[level](detail, message),
        // Past the restart attempts, exit non-zero: the process manager starts Parley afresh.
        onGiveUp: () => process.exit(1),
      });
      cleanups.push(() => pg.stop());
      databaseUrl = await ensureDatabase(pg.url, 'parley');
    }

    const db: Db = createDb(databaseUrl, config.DATABASE_POOL_MAX);
    cleanups.push(() => db.destroy());
    const applied = await migrateLatest(db);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    const rewrapped = await rewrapLegacySecrets(db, keys.encryptionKey);
    if (rewrapped.numberTokens || rewrapped.settings) logger.info({ numberTokens: rewrapped.numberTokens, settings: rewrapped.settings }, 'secrets re-sealed bound to their columns (v1 -> v2)');
    if (rewrapped.unreadable.length) logger.error({ unreadable: rewrapped.unreadable }, 'stored secrets do not open with ENCRYPTION_KEY; enter them again');

    const boss: PgBoss = await startBoss(databaseUrl, logger);
    cleanups.push(() => boss.stop({ graceful: true, timeout: Math.max(1000, stopBy - Date.now() - 1000) }));

    const hub = new ChangeHub(databaseUrl, logger);
    await hub.start();
    cleanups.push(() => hub.stop());

    const graph = new GraphClients();
    cleanups.push(() => graph.close());

    const workspace = await db('workspaces').where({ is_default: true }).first('id');
    const ctx: AppContext = {
      config,
      db,
      databaseUrl,
      boss,
      logger,
      keys,
      hub,
      graph,
      sandboxUrl: config.SANDBOX_URL?.replace(/\/$/, '') ?? null,
      defaultWorkspaceId: workspace.id,
      wake: { webhooks: new Wakeup(), replies: new Wakeup() },
      version: VERSION,
      commit: gitCommit(),
      startedAt: new Date(),
    };
    const initialAdmin = await ensureAdmin(ctx);

    await createQueues(ctx, scheduledJobs, queueJobs);
    if (config.ROLE !== 'web') {
      cleanups.push(await startWorkers(ctx, scheduledJobs, queueJobs));
      for (const w of FEATURES.flatMap((f) => f.workers ?? [])) (w.sends ? senders : cleanups).push(w.start(ctx));
    }

    // The in-app simulator for sandbox numbers: it calls back into this app's webhook endpoint once
    // the port is known, signed with its own derived secret (never META_APP_SECRET, which its
    // knobs would show), accepted only for sandbox numbers (webhooks/sandbox-source.ts). It lives
    // in memory, so it is told the database's numbers and templates on start and after a reset;
    // its seed differs per start, or wamids and template ids of the previous run would come again.
    const sandboxSecrets = sandboxKeys(keys.encryptionKey);
    let restoreSandboxState = async () => {};
    const sandbox =
      config.SANDBOX_ENABLED && !config.SANDBOX_URL && config.ROLE !== 'worker'
        ? createSandbox({
            basePath: '/sandbox',
            autoRegister: true,
            seed: randomInt(1, 2 ** 31),
            appSecret: sandboxSecrets.webhookSecret,
            controlToken: sandboxSecrets.controlToken,
            onReset: () => restoreSandboxState(),
          })
        : null;
    if (sandbox) cleanups.push(() => sandbox.close());

    let url: string | null = null;
    if (config.ROLE !== 'worker') {
      if (config.authMode === 'supabase') cleanups.push(startSignalRelay(ctx));
      const { server, drain } = await listen(createApp(ctx, sandbox), config.HOST, config.PORT);
      cleanups.push(async () => {
        const { unfinished } = await drain(Math.max(0, stopBy - Date.now() - HTTP_DRAIN_RESERVE_MS));
        if (unfinished) logger.warn({ requests: unfinished }, 'shutdown: requests still running at the drain deadline were cut');
      });
      const { port } = server.address() as AddressInfo;
      url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
      if (sandbox) {
        const webhookUrl = `${url}/webhooks/meta`;
        restoreSandboxState = () => restoreSandbox(ctx, sandbox, webhookUrl);
        await restoreSandboxState();
        ctx.sandboxUrl = `${url}/sandbox`;
      }
    } else if (config.SANDBOX_ENABLED && !config.SANDBOX_URL) {
      ctx.sandboxUrl = `http://127.0.0.1:${config.PORT}/sandbox`; // the web process on this host
    }
    return { ctx, url, initialAdmin, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

function resolveKeys(config: Config, local: ReturnType<typeof loadOrCreateLocalSecrets> | null): Keys {
  const encryptionKey = decodeKey(config.ENCRYPTION_KEY ?? local!.encryptionKey)!;
  return {
    jwtSecret: new TextEncoder().encode(config.JWT_SECRET ?? local?.jwtSecret ?? ''),
    encryptionKey,
    metaAppSecret: config.META_APP_SECRET ?? local?.metaAppSecret ?? null,
    metaVerifyToken: config.META_WEBHOOK_VERIFY_TOKEN ?? local?.metaVerifyToken ?? null,
  };
}

function listen(app: import('express').Express, host: string, port: number): Promise<DrainableServer> {
  return new Promise((resolve, reject) => {
    const drainable = createDrainableServer(app);
    const { server } = drainable;
    server.listen(port, host);
    server.once('listening', () => resolve(drainable));
    server.once('error', reject);
    server.keepAliveTimeout = 65_000; // longer than nginx's upstream keepalive
  });
}

function gitCommit(): string | null {
  if (process.env.GIT_COMMIT) return process.env.GIT_COMMIT;
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}
