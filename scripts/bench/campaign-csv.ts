// npm run bench:campaign-csv (point (d) of the campaign benchmark)
// A 100,000-row CSV uploaded to the running app (multipart over loopback), validated, stored in
// campaign_contacts and queued, versus csv-parse alone reading the same bytes, in the same run.
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { createDb } from '../../server/db/knex.ts';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../../server/secrets/bindings.ts';
import { freePort } from '../../server/lib/net.ts';
import { benchDatabase, fmt, median, startChild } from './lib.ts';

const ROWS = 100_000;
const KEY = 'ab'.repeat(32);

export function buildCsv(): Buffer {
  const lines = ['Phone,{{Media}},{{1}},{{2}},{{3}}'];
  for (let i = 0; i < ROWS; i++) {
    const phone = i % 50 === 49 ? `98${String(10000000 + i)}` : i % 7 === 0 ? `+91 ${String(9000000000 + i).replace(/(\d{5})(\d{5})/, '$1-$2')}` : `91${9000000000 + i}`;
    lines.push(`${phone},https://cdn.example.com/img/${i}.jpg,Customer ${i},"Order #${i}, Bengaluru",2026-11-${(i % 28) + 1}`);
  }
  return Buffer.from(lines.join('\r\n'));
}

export async function csvParseAlone(bytes: Buffer): Promise<number> {
  const t = performance.now();
  let n = 0;
  for await (const _ of Readable.from([bytes]).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }))) n++;
  if (n !== ROWS + 1) throw new Error(`csv-parse read ${n} records`);
  return performance.now() - t;
}

/** Three rounds of: csv-parse alone over the bytes, then the same bytes uploaded as a campaign. */
export async function csvRounds(appUrl: string, accessToken: string, numberId: string, templateId: string, sql: ReturnType<typeof createDb>) {
  const csv = buildCsv();
  console.log(`CSV: ${ROWS.toLocaleString('en-US')} rows, ${fmt(csv.length / 1024 / 1024, 1)} MB`);
  const parley: number[] = [];
  const alone: number[] = [];
  for (let round = 1; round <= 3; round++) {
    alone.push(await csvParseAlone(csv));
    const form = new FormData();
    form.append('name', `bench ${round}`);
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    form.append('scheduledAt', '2099-01-01T00:00'); // stored and queued, not sent during the bench
    form.append('file', new Blob([new Uint8Array(csv)], { type: 'text/csv' }), 'contacts.csv');
    const t = performance.now();
    const res = await fetch(`${appUrl}/api/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form });
    const ms = performance.now() - t;
    const body = (await res.json()) as { validRows: number; invalidRows: number; id: string };
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
    const queued = Number((await sql('send_queue').where({ campaign_id: body.id }).count<{ c: string }[]>('* as c'))[0]!.c);
    if (queued !== body.validRows) throw new Error(`queued ${queued} of ${body.validRows}`);
    parley.push(ms);
    console.log(`round ${round}: parley ${fmt(ms)} ms (${body.validRows} valid + ${body.invalidRows} invalid stored, ${queued} queued), csv-parse alone ${fmt(alone.at(-1)!)} ms`);
  }
  return { parley, alone };
}

async function main(): Promise<void> {
  const db = await benchDatabase('parley_bench_csv');
  const port = await freePort();
  const app = await startChild('server/index.ts', {
    DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ENCRYPTION_KEY: KEY, JWT_SECRET: 'j'.repeat(32),
    ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench-password-123', SANDBOX_ENABLED: 'false',
  }, port, '/readyz');
  const sql = createDb(db.url, 2);
  try {
    const [ws] = await sql('workspaces').select('id');
    const [num] = await sql('channel_accounts')
      .insert({ workspace_id: ws.id, display_name: 'Bench', external_id: '555', waba_id: '9', access_token_enc: encryptSecret(Buffer.from(KEY, 'hex'), 'x', ACCOUNT_TOKEN) })
      .returning('id');
    const [tpl] = await sql('templates')
      .insert({ workspace_id: ws.id, waba_id: '9', meta_template_id: '1', name: 'bench', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: '[]' })
      .returning('id');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password-123' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const { parley, alone } = await csvRounds(`http://127.0.0.1:${port}`, accessToken, num.id, tpl.id, sql);
    const p = median(parley);
    const a = median(alone);
    console.log(`median of 3: parley ${fmt(p)} ms for 100,000 rows (target <= 3000 ms), csv-parse alone ${fmt(a)} ms`);
    console.log(`ratio parley/csv-parse: ${fmt(p / a, 2)} x (target <= 3)`);
  } finally {
    await sql.destroy();
    await app.stop();
    await db.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
