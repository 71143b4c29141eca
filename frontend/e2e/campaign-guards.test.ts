import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openSignedIn } from '../../server/test/browser.ts';
import { startTestApp, waitFor, type TestApp } from '../../server/test/harness.ts';

// A campaign that pauses itself, seen in Chromium: the reason on its page, its failures grouped
// by Meta's code, and Resume once the cause is fixed.
const WABA = '660000000078';
const TEMPLATE = { name: 'notice', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hello {{1}}' }] };

describe('a campaign that pauses itself, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let token: string;
  let numberId: string;
  let ghostId: string;

  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    token = await app.login();
    const n = await app.call('POST', '/api/accounts', token, { displayName: 'Promo line', phoneNumberId: '555000779', wabaId: WABA, accessToken: 'sandbox-p', sandbox: true });
    assert.equal(n.status, 201, n.text);
    numberId = n.body.id;
    // Approved in Parley's database, unknown to Meta: every send is refused with 132001.
    const ws = await app.ctx.db('workspaces').first('id');
    [{ id: ghostId }] = await app.ctx.db('templates')
      .insert({ workspace_id: ws.id, waba_id: WABA, meta_template_id: '1', name: 'ghost', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: JSON.stringify(TEMPLATE.components) })
      .returning('id');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the pause reason and the failures grouped by Meta code, and resumes once the cause is fixed', async () => {
    const form = new FormData();
    form.append('name', 'Broken promo');
    form.append('numberId', numberId);
    form.append('templateIds', ghostId);
    form.append('file', new Blob([Array.from({ length: 120 }, (_, i) => `9198${String(i).padStart(8, '0')},,C${i}`).join('\n')]), 'c.csv');
    const created = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(created.status, 201, await created.clone().text());
    const id = ((await created.json()) as { id: string }).id;
    await waitFor('campaign paused', () => app.ctx.db('campaigns').where({ id }).first('status'), (c) => c.status === 'paused', 30_000);

    const page = await openSignedIn(browser, app.url);
    await page.goto(`${app.url}/campaigns/${id}`);
    await page.getByTestId('campaign-status').filter({ hasText: 'Paused' }).waitFor();
    await page.getByRole('alert').filter({ hasText: /^Paused: \d+ of the last \d+ sends failed — 132001 Template does not exist$/ }).waitFor();
    const failures = page.getByRole('region', { name: 'Failures by cause' });
    const group = failures.getByTestId('failure-group');
    await group.filter({ hasText: 'Template does not exist' }).waitFor();
    await waitFor('every in-flight send recorded', () => app.ctx.db('send_queue').where({ campaign_id: id, state: 'processing' }).first(), (row) => !row);
    const { failed_count: failed } = await app.ctx.db('campaigns').where({ id }).first('failed_count');
    await page.reload();
    await group.filter({ hasText: new RegExp(`^132001Template does not exist${failed}$`) }).waitFor();
    assert.equal(await group.count(), 1, 'one cause');

    await app.sandbox('POST', '/control/templates', { waba_id: WABA, templates: [{ ...TEMPLATE, name: 'ghost' }] });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('campaign-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    await page.close();
  });
});
