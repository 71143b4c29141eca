import type { Db } from '../../db/knex.ts';
import type { Outcome } from './client.ts';
import type { FuzzCase } from './operations.ts';

/**
 * Row count and newest xmin of every table in `public`, in one query: a refused request that
 * inserted, deleted or updated anything changes it. Cheap on the fuzz database's small tables.
 */
export async function tableSnapshotter(db: Db): Promise<() => Promise<Map<string, string>>> {
  const { rows } = await db.raw(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not like 'knex_migrations%' order by 1`,
  );
  const names: string[] = rows.map((r: { relname: string }) => r.relname);
  const sql = names
    .map((t) => `select '${t}' as t, count(*)::text || '/' || coalesce(max(xmin::text::bigint), 0)::text as v from "${t}"`)
    .join(' union all ');
  return async () => {
    const { rows: counts } = await db.raw(sql);
    return new Map(counts.map((r: { t: string; v: string }) => [r.t, r.v]));
  };
}

export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([t, v]) => before.get(t) !== v).map(([t, v]) => `${t} ${before.get(t)} -> ${v} (rows/newest xmin)`);
}

export interface Finding {
  kind: '5xx' | 'timeout' | 'connection-error' | 'not-json-error' | 'stored-on-refusal' | 'process-error';
  op: string;
  cls: string;
  status: string;
  example: string;
  serverError: string;
}

const excerpt = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
export const bodyExcerpt = (b?: Buffer) => (b ? excerpt(JSON.stringify(b.subarray(0, 400).toString('utf8')).slice(1, -1)) : '(no body)');

export function describeCase(c: FuzzCase, o: Outcome, requestId: string): string {
  return `${c.method} ${excerpt(c.url, 120)} [${requestId}] body: ${bodyExcerpt(c.body)} -> ${o.status} ${excerpt(o.excerpt, 200)}${o.detail ? ` (${o.detail})` : ''}`;
}

/** The app's own log lines for a request at level error or above: the server-side reason for a 5xx. */
export function serverErrorFor(logs: string[], requestId: string): string {
  const hits: string[] = [];
  for (const line of logs) {
    if (!line.includes(requestId)) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.msg === 'request errored' || (entry.level < 50 && !entry.err && entry.msg !== 'webhook refused')) continue;
      const err = entry.err ?? {};
      // pg puts the whole statement before its reason: keep the statement's start and the reason.
      const message = String(err.message ?? entry.message ?? '').replace(/^(.{60}).* - ([^-][^]*)$/s, '$1… - $2');
      const at = String(err.stack ?? '').split('\n').find((l) => l.includes('/server/'))?.trim() ?? '';
      hits.push(excerpt(`${entry.msg}: ${err.type ?? ''} ${message} ${at}`.replace(/\s+/g, ' ').trim(), 400));
    } catch {
      hits.push(excerpt(line, 200));
    }
  }
  return hits.join(' | ') || '(no app log line names this request)';
}

export interface FindingGroup {
  kind: Finding['kind'];
  status: string;
  cause: string;
  count: number;
  ops: string[];
  classes: string[];
  example: string;
}

/** Findings grouped by root cause (the server's error with values blanked), listing where each showed up. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const cause = f.serverError && !f.serverError.startsWith('(no app log')
      ? f.serverError.replace(/"[^"\s]{0,80}"|'[^'\s]{0,80}'/g, '…').replace(/\b\d[\d.e+-]*\b/g, 'N').replace(/\(N chars\)/g, '')
      : `${f.kind} on ${f.op} [${f.cls}]`;
    const key = `${f.kind}|${f.status}|${cause}`;
    const g = groups.get(key) ?? { kind: f.kind, status: f.status, cause, count: 0, ops: [], classes: [], example: f.example };
    g.count++;
    if (!g.ops.includes(f.op)) g.ops.push(f.op);
    if (!g.classes.includes(f.cls)) g.classes.push(f.cls);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function formatGroup(g: FindingGroup): string {
  return [
    `FINDING ${g.kind} ${g.status} x${g.count}: ${g.cause}`,
    `    where: ${g.ops.join(', ')}`,
    `    input: ${excerpt(g.classes.join(', '), 400)}`,
    `    e.g. ${g.example}`,
  ].join('\n');
}
