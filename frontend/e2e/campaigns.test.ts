import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launchBrowser, openSignedIn } from '../../server/test/browser.ts';
import { excelEuropean } from '../../server/test/csv-exports.ts';
import { startTestApp, waitFor, type TestApp } from '../../server/test/harness.ts';

const WABA = '660000000077';
const PNID = '555000777';

describe('campaigns in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let numberId: string;
  const sandbox = (method: string, path: string, body: unknown) => app.sandbox(method, path, body);

  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    const token = await app.login();
    const n = await app.request('/api/accounts', { method: 'POST', token, json: { displayName: 'Promo line', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-c', sandbox: true } });
    assert.equal(n.status, 201, await n.clone().text());
    numberId = ((await n.json()) as { id: string }).id;
    await sandbox('POST', '/control/templates', {
      waba_id: WABA,
      templates: [
        { name: 'order_update', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} shipped.' }] },
        { name: 'big_sale', category: 'MARKETING', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Sale!' }] },
      ],
    });
    await app.request('/api/templates/sync', { method: 'POST', token, json: {} });
    await waitFor('both templates synced', () => app.ctx.db('templates').count<{ count: string }[]>('* as count'), (r) => r[0]!.count === '2', 30_000);
    await sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 50, read: 100 } });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('creates a campaign from the form, reports the skipped rows and shows it completing live', async () => {
    const page = await openSignedIn(browser, app.url);
    await page.getByRole('link', { name: 'Campaigns', exact: true }).first().click();
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();

    await page.getByLabel('Name').fill('Diwali orders');
    await page.getByLabel('Number', { exact: true }).selectOption(numberId);
    const sendable = page.getByRole('list', { name: 'Sendable templates' });
    await sendable.getByRole('button', { name: /order_update/ }).click();
    assert.equal(await sendable.getByRole('button', { name: /big_sale/ }).count(), 0, 'a MARKETING template is not offered');
    assert.match((await page.getByTestId('picked-template').textContent()) ?? '', /needs 2 variables/);

    const valid = Array.from({ length: 12 }, (_, i) => `+91 98765-${String(43000 + i)},,Name ${i},"ORD-${i}, box"`);
    const csv = ['\uFEFFPhone,{{Media}},{{1}},{{2}}', ...valid, '12345,,Short,X', 'not-a-phone,,Bad,Y'].join('\r\n');
    await page.getByLabel('Contacts (CSV)').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Start campaign' }).click();

    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByTestId('invalid-rows').filter({ hasText: '2 invalid rows skipped' }).waitFor();
    await page.getByTestId('campaign-status').filter({ hasText: 'Completed' }).waitFor();
    await page.getByTestId('kpi-sent').getByTestId('kpi-value').filter({ hasText: /^12$/ }).waitFor();
    // The read statuses come back as webhooks; once the server has all 12, the page must show them.
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const readCount = async () => {
      await app.sandbox('POST', '/control/webhooks/flush', { all: true, retry: true }); // a delivery answered 503 under load: now, not after backoff
      return app.ctx.db('campaign_contacts').where({ campaign_id: id, status: 'read' }).count<{ count: string }[]>('* as count');
    };
    await waitFor('12 read statuses applied', readCount, (r) => r[0]!.count === '12', 90_000);
    await page.getByTestId('kpi-read').getByTestId('kpi-value').filter({ hasText: /^12$/ }).waitFor();
    await page.getByText('Delivery stats may take up to 24 hours to fully update').waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download skipped rows (CSV)' }).click();
    const invalidCsv = await readFile(await (await download).path(), 'utf8');
    assert.match(invalidCsv, /12345/);
    assert.match(invalidCsv, /not-a-phone/);
    assert.equal(invalidCsv.trim().split(/\r?\n/).length, 3, 'header and the two skipped rows');

    await page.getByRole('link', { name: 'Campaigns', exact: true }).first().click();
    const row = page.locator('[data-testid="campaign-row"][data-name="Diwali orders"]');
    await row.getByTestId('campaign-status').filter({ hasText: 'Completed' }).waitFor();
    assert.match((await row.textContent()) ?? '', /100%/);
    await page.close();
  });

  it('schedules a campaign in the app time zone and deletes it before it starts', async () => {
    const page = await openSignedIn(browser, app.url);
    await page.goto(`${app.url}/campaigns/new`);
    await page.getByLabel('Name').fill('Next year');
    await page.getByLabel('Number', { exact: true }).selectOption(numberId);
    await page.getByRole('list', { name: 'Sendable templates' }).getByRole('button', { name: /order_update/ }).click();
    await page.getByLabel('Schedule').check();
    await page.getByLabel('Start at').fill('2099-01-15T09:30');
    await page.getByLabel('Contacts (CSV)').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from('919876500001,,A,B\n') });
    await page.getByRole('button', { name: 'Schedule campaign' }).click();
    await page.getByTestId('campaign-status').filter({ hasText: 'Scheduled' }).waitFor();
    await page.getByText(/15 Jan 2099, 9:30 am/).waitFor();
    const stored = await app.ctx.db('campaigns').where({ name: 'Next year' }).first();
    assert.equal(new Date(stored.scheduled_at).toISOString(), '2099-01-15T04:00:00.000Z', '09:30 IST is 04:00 UTC');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete campaign' }).click();
    await page.waitForURL(`${app.url}/campaigns`);
    await page.locator('[data-testid="campaign-row"]').first().waitFor();
    assert.equal(await page.locator('[data-testid="campaign-row"][data-name="Next year"]').count(), 0);
    assert.equal((await app.ctx.db('campaigns').where({ name: 'Next year' })).length, 0);
    await page.close();
  });

  it('previews the chosen file before starting: detected format, parsed rows and an invalid row with its reason', async () => {
    const page = await openSignedIn(browser, app.url);
    await page.goto(`${app.url}/campaigns/new`);
    await page.getByLabel('Number', { exact: true }).selectOption(numberId);
    await page.getByRole('list', { name: 'Sendable templates' }).getByRole('button', { name: /order_update/ }).click();
    // Excel "CSV" on a European locale: semicolons, Windows-1252, a header naming its columns.
    const csv = excelEuropean(['Mobile;Name;{{1}};{{2}}', '+91 98765 43001;Jürgen;Jürgen;Café €5, Straße', '98765 43002;Ana;Ana;A-2', '\u00A0+91 98765 43003;Zoë;Zoë;']);
    await page.getByLabel('Contacts (CSV)').setInputFiles({ name: 'kontakte.csv', mimeType: 'text/csv', buffer: csv });

    const preview = page.getByRole('region', { name: 'CSV preview' });
    await preview.getByTestId('preview-row').nth(2).waitFor();
    assert.equal(await preview.getByTestId('preview-row').count(), 3);
    const format = (await preview.getByTestId('csv-format').textContent()) ?? '';
    assert.match(format, /Read as Windows-1252, semicolon-separated, with a header row/);
    assert.match(format, /A \(Mobile\) → phone/);
    assert.match(format, /C \(\{\{1\}\}\) → \{\{1\}\}/);
    const cells = async (n: number) => (await preview.getByTestId('preview-row').nth(n).locator('td').allTextContents()).map((t) => t.trim());
    assert.deepEqual(await cells(0), ['2', '919876543001', '', '{{1}} Jürgen · {{2}} Café €5, Straße', 'OK']);
    assert.deepEqual(await cells(1), ['3', '98765 43002', '', '', 'column A (Mobile): phone 9876543002 must start with country code 91']);
    assert.deepEqual(await cells(2), ['4', '+91 98765 43003', '', '', 'template order_update needs 2 variables ({{1}}..{{2}}); the row has 1']);
    assert.equal((await app.ctx.db('campaigns').where({ name: '' })).length, 0);
    await page.close();
  });
});
