import 'dotenv/config';
import { ConfigError, loadConfig } from './config.ts';
import { boot } from './boot.ts';
import { createLogger } from './lib/logger.ts';
import { startupErrorLine } from './lib/startup-error.ts';

/** PM2's kill_timeout (ecosystem.config.js) must stay above this. */
const SHUTDOWN_LIMIT_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let running: Awaited<ReturnType<typeof boot>> | null = null;
  let stopping = false;
  /** Graceful stop bounded by SHUTDOWN_LIMIT_MS; past it, exit anyway (requeue-on-takeover recovers). */
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    const limit = setTimeout(() => {
      logger.warn({ reason, limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown did not finish in time; exiting anyway');
      process.exit(exitCode || 1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    if (!running) return; // still booting: main() stops right after boot
    try {
      await running.stop();
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      exitCode ||= 1;
    }
    process.exit(exitCode);
  };
  // A stray rejected promise is a bug to fix, not a reason to drop every request in flight: log it
  // and keep serving. An uncaught exception may have left any state half-updated: log it, then
  // stop gracefully with exit code 1 so the process manager starts a clean process.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (err, origin) => {
    if (!running) failStart(err);
    logger.fatal({ err, origin }, 'uncaught exception; stopping');
    void shutdown('uncaughtException', 1);
  });
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  running = await boot(config, logger);
  if (stopping) {
    await running.stop(); // a signal arrived while booting
    process.exit(process.exitCode ?? 0);
  }
  const { initialAdmin } = running;
  if (initialAdmin?.password) {
    // Printed once, straight to the terminal: the log pipeline never sees the password.
    process.stdout.write(
      `\n  Parley admin created. Sign in with:\n    email:    ${initialAdmin.email}\n    password: ${initialAdmin.password}\n  It is shown only now; reset it any time with \`npm run admin:password\`.\n\n`,
    );
  }
  logger.info({ url: running.url, dbMode: config.dbMode, authMode: config.authMode, role: config.ROLE }, 'Parley is running');
  if (running.url) process.stdout.write(`Parley dashboard: http://localhost:${new URL(running.url).port}\n`);
}

/** Every failed start ends here: one line on stderr, exit code 1. */
function failStart(err: unknown): never {
  process.stderr.write(`start-up error: ${startupErrorLine(err)}\n`);
  process.exit(1);
}

main().catch(failStart);
