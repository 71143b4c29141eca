import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openSignedIn } from '../../server/test/browser.ts';
import { startTestApp, type TestApp } from '../../server/test/harness.ts';

const WABA = '660000000515';
const PNID = '555000515';

/** The charts' "sent" colour (sky-500), for bars, lines and dots alike. */
const SENT_RGB = [14, 165, 233];

/**
 * Waits until the chart's canvas shows its data: pixels of the series colour above the legend
 * (which sits at the bottom), not merely an element or drawn axes.
 */
async function waitDrawn(page: Page, chart: Locator): Promise<void> {
  const canvas = await chart.locator('canvas').elementHandle({ timeout: 15_000 });
  await page.waitForFunction(
    ([c, rgb]) => {
      const el = c as HTMLCanvasElement;
      if (!el.width || !el.height) return false;
      const pixels = el.getContext('2d')!.getImageData(0, 0, el.width, Math.floor(el.height * 0.75)).data;
      let painted = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3]! > 200 && [0, 1, 2].every((k) => Math.abs(pixels[i + k]! - (rgb as number[])[k]!) < 12)) painted++;
      }
      return painted > 20;
    },
    [canvas, SENT_RGB] as const,
    { timeout: 15_000 },
  );
}

const doneByKey = async (page: Page) =>
  Object.fromEntries(await page.getByTestId('checklist-item').evaluateAll((items) => items.map((i) => [i.getAttribute('data-key'), i.getAttribute('data-done') === 'true'])));

describe('Home and campaign charts in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let token: string;

  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    token = await app.login();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows a new install its checklist with nothing ticked, then ticks the number once a sandbox number is added', async () => {
    const page = await openSignedIn(browser, app.url);
    await page.getByTestId('checklist-progress').filter({ hasText: '0 of 4 done' }).waitFor();
    assert.deepEqual(await doneByKey(page), { number: false, templates: false, campaign: false, replies: false });
    assert.equal(await page.getByRole('link', { name: /Add a WhatsApp number/ }).getAttribute('href'), '/channels');
    assert.equal(await page.getByRole('button', { name: 'Hide checklist' }).count(), 0, 'hideable only once complete');
    await page.getByTestId('summary-sent').getByTestId('summary-value').filter({ hasText: /^0$/ }).waitFor();
    await page.getByText('No messages sent in the last 14 days').waitFor();

    const n = await app.call('POST', '/api/accounts', token, { displayName: 'Promo', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-e', sandbox: true });
    assert.equal(n.status, 201, n.text);
    await page.reload();
    await page.getByTestId('checklist-progress').filter({ hasText: '1 of 4 done' }).waitFor();
    assert.deepEqual(await doneByKey(page), { number: true, templates: false, campaign: false, replies: false });
    await page.close();
  });

  it('after a campaign: summary cards and the per-number daily chart on Home, the rate and funnel charts on the campaign page', async () => {
    const numberId = (await app.ctx.db('channel_accounts').where({ external_id: PNID }).first('id')).id;
    await app.sandbox('POST', '/control/templates', { waba_id: WABA, templates: [{ name: 'order_update', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}' }] }] });
    await app.sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 50, read: 100 } });
    await app.call('POST', '/api/templates/sync', token, { numberId });
    let templateId: string | undefined;
    for (const deadline = Date.now() + 20_000; !templateId && Date.now() < deadline; ) {
      templateId = (await app.ctx.db('templates').first('id'))?.id;
      if (!templateId) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(templateId, 'templates synced');
    const form = new FormData();
    form.append('name', 'Charted');
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    form.append('file', new Blob([Array.from({ length: 20 }, (_, i) => `9197${String(i).padStart(8, '0')},,Name ${i}`).join('\n')]), 'c.csv');
    const created = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(created.status, 201, await created.clone().text());
    const campaignId = ((await created.json()) as { id: string }).id;
    for (const deadline = Date.now() + 45_000; ; ) {
      const { stats } = (await app.call('GET', `/api/campaigns/${campaignId}`, token)).body;
      if (stats.read === 20) break;
      if (Date.now() > deadline) throw new Error(`campaign not read in time: ${JSON.stringify(stats)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const page = await openSignedIn(browser, app.url);
    await page.getByTestId('summary-campaigns').getByTestId('summary-value').filter({ hasText: /^1$/ }).waitFor();
    await page.getByTestId('summary-sent').getByTestId('summary-value').filter({ hasText: /^20$/ }).waitFor();
    await page.getByTestId('summary-read').getByTestId('summary-value').filter({ hasText: /^20$/ }).waitFor();
    assert.match((await page.getByTestId('summary-delivered').textContent()) ?? '', /100\.0%/);
    const daily = page.locator('[data-testid="daily-chart"][data-number="Promo"]');
    await daily.waitFor();
    assert.equal(await daily.getAttribute('data-total'), '20');
    await waitDrawn(page, daily);
    assert.equal(await daily.getByRole('img', { name: 'Daily messages of Promo' }).count(), 1, 'the canvas is labelled for screen readers');
    await page.getByTestId('checklist-progress').filter({ hasText: '3 of 4 done' }).waitFor();

    await page.goto(`${app.url}/campaigns/${campaignId}`);
    await page.getByTestId('campaign-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    const rate = page.getByTestId('rate-chart');
    await rate.and(page.locator(':not([data-points="0"])')).waitFor();
    await waitDrawn(page, rate);
    const funnel = page.getByTestId('funnel-chart');
    await page.locator('[data-testid="funnel-chart"][data-sent="20"]').waitFor();
    await waitDrawn(page, funnel);
    await page.close();
  });
});
