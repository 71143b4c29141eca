import 'dotenv/config';
import { ConfigError, loadConfig } from './config.ts';
import { boot } from './boot.ts';
import { createLogger } from './lib/logger.ts';

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
  const running = await boot(config, logger);
  const { initialAdmin } = running;
  if (initialAdmin?.password) {
    // Printed once, straight to the terminal: the log pipeline never sees the password.
    process.stdout.write(
      `\n  Parley admin created. Sign in with:\n    email:    ${initialAdmin.email}\n    password: ${initialAdmin.password}\n  It is shown only now; reset it any time with \`npm run admin:password\`.\n\n`,
    );
  }
  logger.info({ url: running.url, dbMode: config.dbMode, authMode: config.authMode, role: config.ROLE }, 'Parley is running');
  if (running.url) process.stdout.write(`Parley dashboard: http://localhost:${new URL(running.url).port}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Parley failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
