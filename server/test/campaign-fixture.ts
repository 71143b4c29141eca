// What the fault tests of campaign sending share: Parley as a child process (so it can be killed
// or stopped by signal), a number and an approved template seeded straight into its database, and
// a campaign uploaded to it through the API.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Db } from '../db/knex.ts';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';

export const CHILD_ADMIN = { email: 'fault@example.com', password: 'fault-password-1' };

export interface ChildApp {
  child: ChildProcess;
  /** Everything the child printed so far (stdout and stderr). */
  output(): string;
}

/** Starts `server/index.ts` on `port` against `databaseUrl` and waits for /readyz. */
export async function startChildApp(opts: { databaseUrl: string; port: number; encryptionKey: string; env?: Record<string, string> }): Promise<ChildApp> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY: opts.encryptionKey,
      JWT_SECRET: 'j'.repeat(32),
      ADMIN_EMAIL: CHILD_ADMIN.email,
      ADMIN_PASSWORD: CHILD_ADMIN.password,
      SANDBOX_ENABLED: 'false',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/readyz`)).ok) return { child, output: () => output };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`app did not start:\n${output}`);
}

/** A number (token sealed as the app seals it) and one approved UTILITY template `notice`. */
export async function seedNumberAndTemplate(
  db: Db,
  opts: { encryptionKey: string; phoneNumberId: string; wabaId: string; accessToken: string; ratePerSecond: number },
): Promise<{ numberId: string; templateId: string }> {
  const ws = await db('workspaces').first('id');
  const [num] = await db('channel_accounts')
    .insert({
      workspace_id: ws.id,
      display_name: 'Fault test',
      external_id: opts.phoneNumberId,
      waba_id: opts.wabaId,
      access_token_enc: encryptSecret(Buffer.from(opts.encryptionKey, 'hex'), opts.accessToken, ACCOUNT_TOKEN),
      max_send_rate_per_sec: opts.ratePerSecond,
    })
    .returning('id');
  const [tpl] = await db('templates')
    .insert({ workspace_id: ws.id, waba_id: opts.wabaId, meta_template_id: '1', name: 'notice', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: JSON.stringify([{ type: 'BODY', text: 'Hello {{1}}' }]) })
    .returning('id');
  return { numberId: num.id, templateId: tpl.id };
}

/** The phones `91<first>`, `91<first + 1>`... of a campaign of n contacts. */
export const campaignPhones = (first: number, n: number) => Array.from({ length: n }, (_, i) => `91${first + i}`);

/** Signs in at `baseUrl` and uploads a campaign to those phones; returns its id. */
export async function uploadCampaign(baseUrl: string, opts: { name: string; numberId: string; templateId: string; phones: string[]; credentials?: typeof CHILD_ADMIN }): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.credentials ?? CHILD_ADMIN) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const form = new FormData();
  form.append('name', opts.name);
  form.append('numberId', opts.numberId);
  form.append('templateIds', opts.templateId);
  form.append('file', new Blob([opts.phones.map((p, i) => `${p},,C${i}`).join('\n')]), 'c.csv');
  const res = await fetch(`${baseUrl}/api/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form });
  if (res.status !== 201) throw new Error(`campaign upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
