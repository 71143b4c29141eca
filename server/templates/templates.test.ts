import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { templateDetailView, templateListView } from './present.ts';

const WABA = '880000000001';

describe('template sync against the simulator', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  const api = async (path: string, init: { method?: string; json?: unknown } = {}) => {
    const res = await app.request(path, { ...init, token });
    return { status: res.status, body: (await res.json()) as any };
  };
  const sandbox = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${app.url}/sandbox${path}`, { method, headers: { 'content-type': 'application/json', 'x-sandbox-token': app.sandboxToken }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as any;
  };
  const waitFor = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const templates = () => app.ctx.db('templates').orderBy('name');
  // Compared in milliseconds: String(Date) drops them, and two syncs often finish within one second.
  const syncAndWait = async () => {
    const before = await app.ctx.db('templates').max('last_synced_at as at').first();
    // A sync finishing its bookkeeping still holds the WABA's singleton key: ask again until queued.
    await waitFor(
      () => api('/api/templates/sync', { method: 'POST', json: { numberId } }),
      (r) => r.status === 202 && !!r.body.jobs[0]?.jobId,
      'the sync to be queued',
    );
    await waitFor(() => app.ctx.db('templates').max('last_synced_at as at').first(), (r) => !!r?.at && new Date(r.at).getTime() !== new Date(before?.at ?? 0).getTime(), 'a finished sync').catch((err) => {
      const problems = app.logs.filter((l) => /"level":(40|50|60)/.test(l)).slice(-5);
      throw new Error(`${(err as Error).message}; last warnings and errors of the app:\n${problems.join('')}`);
    });
  };
  const remote = async (name: string) => (await sandbox('GET', `/control/templates?waba_id=${WABA}`)).templates.find((t: any) => t.name === name);

  before(async () => {
    app = await startTestApp({ TEMPLATE_SYNC_RETRY_SECONDS: '1' });
    token = await app.login();
    const n = await api('/api/accounts', { method: 'POST', json: { displayName: 'Demo', phoneNumberId: '555000999', wabaId: WABA, accessToken: 'sandbox-token-1', sandbox: true } });
    numberId = n.body.id;
    await sandbox('POST', '/control/templates', { waba_id: WABA, generate: 250 });
  });
  after(() => app.stop());

  it('follows paging until done: 250 templates in pages of 100', async () => {
    await syncAndWait();
    const rows = await templates();
    assert.equal(rows.length, 250);
    assert.ok(rows.every((t) => t.is_active && !t.is_quarantined && t.is_test));
    const log = await sandbox('GET', `/control/requests?limit=1000`);
    const pages = JSON.stringify(log).match(/message_templates\?/g) ?? [];
    assert.ok(pages.length >= 3, `expected 3 page requests, saw ${pages.length}`);
    assert.equal(templateListView.parse((await api('/api/templates?state=sendable')).body).items.length, 250);
  });

  it('a change to MARKETING quarantines, notifies once, and hides the template from campaigns', async () => {
    const t = await remote('tpl_0001');
    await sandbox('PATCH', `/control/templates/${t.id}`, { category: 'MARKETING' });
    await syncAndWait();
    await syncAndWait();
    const row = await app.ctx.db('templates').where({ name: 'tpl_0001' }).first();
    assert.equal(row.is_quarantined, true);
    assert.equal(row.category, 'MARKETING');
    assert.equal((await app.ctx.db('notifications').where({ type: 'template_quarantined', related_entity_id: row.id })).length, 1);
    assert.equal((await api('/api/templates?state=sendable')).body.items.some((x: any) => x.id === row.id), false);
    const history = templateDetailView.parse((await api(`/api/templates/${row.id}`)).body).history.map((h) => [h.field, h.oldValue, h.newValue, h.source]);
    assert.deepEqual(history, [['quarantine', 'false', 'true', 'sync'], ['category', 'UTILITY', 'MARKETING', 'sync']]);
  });

  it('the template_category_update webhook applies the same rule between syncs', async () => {
    const t = await remote('tpl_0002');
    await sandbox('PATCH', `/control/templates/${t.id}`, { category: 'AUTHENTICATION', emit: true });
    // A delivery the loaded app answered 503 would come again only after Meta's backoff (10 s,
    // 1 min...): have the simulator send what it holds now, retries included.
    const quarantined = async () => {
      await sandbox('POST', '/control/webhooks/flush', { all: true, retry: true });
      return app.ctx.db('templates').where({ name: 'tpl_0002' }).first();
    };
    const row = await waitFor(quarantined, (r) => r.is_quarantined, 'webhook quarantine');
    const sources = (await app.ctx.db('audit_template_changes').where({ template_id: row.id })).map((a) => a.source);
    assert.ok(sources.every((s) => s === 'webhook'));
    assert.equal((await app.ctx.db('notifications').where({ related_entity_id: row.id })).length, 1);
  });

  it('un-quarantine is refused unless the category is UTILITY', async () => {
    const row = await app.ctx.db('templates').where({ name: 'tpl_0001' }).first();
    const refused = await api(`/api/templates/${row.id}/unquarantine`, { method: 'POST' });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /only UTILITY/);
    const t = await remote('tpl_0001');
    await sandbox('PATCH', `/control/templates/${t.id}`, { category: 'UTILITY' });
    await syncAndWait();
    assert.equal((await app.ctx.db('templates').where({ id: row.id }).first()).is_quarantined, true, 'moving back does not release it');
    const ok = await api(`/api/templates/${row.id}/unquarantine`, { method: 'POST' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.isQuarantined, false);
    const last = (await api(`/api/templates/${row.id}`)).body.history[0];
    assert.deepEqual([last.field, last.newValue, last.source], ['quarantine', 'false', 'admin']);
  });

  it('a template deleted on Meta is marked inactive, never deleted', async () => {
    const t = await remote('tpl_0003');
    await sandbox('DELETE', `/control/templates/${t.id}`);
    await syncAndWait();
    const row = await app.ctx.db('templates').where({ name: 'tpl_0003' }).first();
    assert.ok(row, 'row kept');
    assert.equal(row.is_active, false);
    assert.equal((await templates()).length, 250);
  });

  it('a sync interrupted by a 5xx halfway leaves the data as it was, then the job retries and completes', async () => {
    const t = await remote('tpl_0250');
    await sandbox('PATCH', `/control/templates/${t.id}`, { category: 'MARKETING' });
    const snapshot = JSON.stringify(await app.ctx.db('templates').orderBy('name').select('name', 'category', 'status', 'is_active', 'is_quarantined'));
    await sandbox('PATCH', '/control/knobs', { latency: { fixedMs: 300 } });
    const wabaRequests = async () => (await sandbox('GET', `/control/requests?object_id=${WABA}&limit=0`)).matched as number;
    const before = await wabaRequests();
    assert.equal((await api('/api/templates/sync', { method: 'POST', json: { numberId } })).status, 202);
    // Page 1 reached the simulator (its answer is already decided, 300 ms out): every later page fails.
    await waitFor(wabaRequests, (n) => n > before, 'the first page requested');
    await sandbox('PATCH', '/control/knobs', { errorRate5xx: 1 });
    await waitFor(() => app.ctx.db.raw("select state from pgboss.job where name = 'templates.sync' order by created_on desc limit 1"), (r: any) => r.rows[0]?.state === 'retry', 'the failed attempt');
    assert.equal(JSON.stringify(await app.ctx.db('templates').orderBy('name').select('name', 'category', 'status', 'is_active', 'is_quarantined')), snapshot);
    assert.ok(app.logs.join('').includes('failed on page'), 'the failure names the page');
    await sandbox('PATCH', '/control/knobs', { errorRate5xx: 0, latency: null });
    const row = await waitFor(() => app.ctx.db('templates').where({ name: 'tpl_0250' }).first(), (r) => r.is_quarantined, 'the retried sync');
    assert.equal(row.category, 'MARKETING');
  });
});
