// PM2 process file. `pm2 start ecosystem.config.js` after `npm ci && npm run build`.
// Embedded mode (no DATABASE_URL) owns its Postgres and must run as exactly one process.
// With DATABASE_URL you can split web and worker roles and run more web instances.
const external = Boolean(process.env.DATABASE_URL);
const common = {
  script: 'server/index.ts',
  interpreter: 'node',
  node_args: '--import tsx',
  cwd: import.meta.dirname,
  time: true,
  merge_logs: true,
  log_date_format: 'YYYY-MM-DD HH:mm:ss Z',
  // SIGTERM drains for at most 10 s (server/index.ts), then the app exits itself; PM2 must not
  // SIGKILL it first (its default is 1.6 s), or in-flight sends and webhook batches are cut.
  kill_timeout: 15000,
  // A boot (embedded Postgres start, migrations) can take longer than PM2's 3 s default.
  listen_timeout: 30000,
  // Signal only the app: in embedded mode it stops its Postgres child itself, last.
  treekill: false,
  max_memory_restart: '1500M',
  env: { NODE_ENV: 'production' },
};

// PM2 reads the module's named `apps` export.
export const apps = external
    ? [
        { ...common, name: 'parley-web', instances: 1, env: { ...common.env, ROLE: 'web' } },
        { ...common, name: 'parley-worker', instances: 1, env: { ...common.env, ROLE: 'worker' } },
      ]
    : [{ ...common, name: 'parley', instances: 1, exec_mode: 'fork' }];
