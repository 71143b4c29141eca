// `npm test`: one throwaway embedded Postgres for the whole run (each test file creates its own
// database on it), then node's test runner over every *.test.ts, or over the files given.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { removeDataDir, startEmbeddedPostgres } from '../server/db/embedded.ts';
import { startupErrorLine } from '../server/lib/startup-error.ts';
import { freePort } from '../server/lib/net.ts';

const ROOTS = ['server', 'scripts', 'frontend/e2e', 'frontend/widget', 'frontend/src'];

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(process.cwd(), path));
  }
  return out;
}

async function main(): Promise<number> {
  const files = process.argv.slice(2).length ? process.argv.slice(2) : ROOTS.flatMap((r) => findTests(r)).sort();
  let stopPg = async () => {};
  let tmp: string | null = null;
  let serverUrl = process.env.TEST_DATABASE_URL;
  try {
    if (!serverUrl) {
      tmp = mkdtempSync(join(process.cwd(), '.test-tmp-'));
      const pg = await startEmbeddedPostgres({ dataDir: tmp, port: await freePort(), password: 'parley-test' });
      stopPg = pg.stop;
      serverUrl = pg.url;
    }
    const concurrency = process.env.TEST_CONCURRENCY ?? '2';
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
      stdio: 'inherit',
      env: { ...process.env, PARLEY_TEST_PG_URL: serverUrl, NODE_ENV: 'test' },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await stopPg();
    if (tmp) removeDataDir(tmp);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`npm test: ${startupErrorLine(err)}\n`);
    process.exit(1);
  },
);
