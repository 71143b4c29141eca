// Shared pieces of the benchmarks: a throwaway Postgres, child processes for servers under test
// (so the load generator never shares their event loop), autocannon runs, medians.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { ensureDatabase, type Db } from '../../server/db/knex.ts';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../../server/secrets/bindings.ts';
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
  // BENCH_NODE_ARGS profiles the server under test, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
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

/**
 * The standalone simulator in its own process, once it answers /health. Status webhooks are off
 * (pure-send benchmarks) unless a `webhookUrl` is given, then signed with `appSecret`.
 */
export async function startSim(port: number, requestLogSize = 1000, hooks?: { webhookUrl: string; appSecret: string }): Promise<ChildProcess> {
  const args = ['--import', 'tsx', 'server/sandbox/cli.ts', '--port', String(port), '--request-log-size', String(requestLogSize)];
  args.push(...(hooks ? ['--webhook-url', hooks.webhookUrl, '--app-secret', hooks.appSecret] : ['--no-status-webhooks']));
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

/** The standalone simulator's control API: knobs, and accepted sends per phone number id. */
export const sim = (port: number) => ({
  knobs: (patch: object) => fetch(`http://127.0.0.1:${port}/control/knobs`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }),
  totals: async (pnid: string) => {
    const log = (await (await fetch(`http://127.0.0.1:${port}/control/requests?phone_number_id=${pnid}&limit=0`)).json()) as { counts: Record<string, { requests: number; accepted: number }> };
    let requests = 0;
    let accepted = 0;
    for (const c of Object.values(log.counts ?? {})) {
      requests += c.requests;
      accepted += c.accepted;
    }
    return { requests, accepted };
  },
});

export interface CampaignFixture {
  db: Db;
  workspaceId: string;
  token: string;
  appUrl: string;
  /** The app's ENCRYPTION_KEY (hex), to seal the number's token as the app does. */
  key: string;
}

/** A number (phone number id `pnid`) starting at `rate` msg/s and a campaign of `contacts` rows on it, uploaded through the API. */
export async function campaignFor(f: CampaignFixture, pnid: string, rate: number, contacts: number, prefix: number): Promise<string> {
  const waba = `9${pnid}`;
  const [num] = await f.db('channel_accounts')
    .insert({ workspace_id: f.workspaceId, display_name: `Bench ${pnid}`, external_id: pnid, waba_id: waba, access_token_enc: encryptSecret(Buffer.from(f.key, 'hex'), 'bench-token', ACCOUNT_TOKEN), max_send_rate_per_sec: rate })
    .returning('id');
  const [tpl] = await f.db('templates')
    .insert({ workspace_id: f.workspaceId, waba_id: waba, meta_template_id: pnid, name: 'bench_notice', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: JSON.stringify([{ type: 'BODY', text: 'Hello {{1}}' }]) })
    .returning('id');
  const form = new FormData();
  form.append('name', `bench ${pnid}`);
  form.append('numberId', num.id);
  form.append('templateIds', tpl.id);
  form.append('file', new Blob([Array.from({ length: contacts }, (_, i) => `91${prefix * 100_000_000 + i},,C${i}`).join('\n')]), 'c.csv');
  const res = await fetch(`${f.appUrl}/api/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${f.token}` }, body: form });
  if (res.status !== 201) throw new Error(`campaign upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
